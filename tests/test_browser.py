"""The review queue in a real browser (Debian Chromium driven by Playwright): log in, see a flag marked, edit with
the keyboard, approve, and the `<script>` title shown as text. Screenshots go to .tmp/test-artefacts/."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from shopscribe.config import get_settings
from shopscribe.review import CreateUserRequest, create_user
from shopscribe.store import Draft, Product, session_scope
from shopscribe.web import create_app
from web_server import serving

pytestmark = pytest.mark.slow
ARTEFACTS = Path(__file__).resolve().parents[1] / ".tmp" / "test-artefacts"
CHROMIUM = "/usr/bin/chromium"  # Debian's; .ci/run installs it (never `playwright install`)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
BLOCKED = {"passed": False, "score": 0.25, "flags": [
    {"check": "compliance", "severity": "block", "start": 0, "end": 2, "text": "最佳",
     "message": "《广告法》第九条：不得使用“最佳”；删去或改写该说法"}]}
PASSED = {"passed": True, "score": 1.0, "flags": []}


@pytest.fixture
def browser_page(home) -> Iterator[tuple[object, str, list[int]]]:
    from playwright.sync_api import sync_playwright

    with session_scope() as s:
        p = Product(sku="TEE-1", title="<script>alert(1)</script> 纯棉圆领T恤", category="服装", price=Decimal("89"),
                    currency="CNY", attributes={"材质": "100%棉", "颜色": "白色、黑色"})
        s.add(p)
        s.flush()
        drafts = [Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", variant=0,
                        text="最佳纯棉圆领T恤，白色、黑色两色可选。", check_report=BLOCKED, model="m"),
                  Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", variant=1,
                        text="纯棉圆领T恤，白色、黑色两色，柔软透气。", check_report=PASSED, model="m")]
        s.add_all(drafts)
        s.flush()
        ids = [d.id for d in drafts]
    create_user(CreateUserRequest(name="lin", role="reviewer", password="correct horse battery"))
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with serving(create_app(get_settings())) as root, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.on("dialog", lambda d: pytest.fail(f"a script ran and opened a dialog: {d.message}"))

        yield page, root, ids
        browser.close()


def log_in(page, root: str, query: str = "") -> None:
    page.goto(f"{root}/login{query}")
    page.fill("input[name=name]", "lin")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button")
    page.wait_for_url(f"{root}/review")


def settled(page) -> None:
    """htmx has swapped the answer in and wired up its forms (a person never clicks within those milliseconds)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    page.wait_for_timeout(50)


def test_log_in_see_the_flag_edit_and_approve_in_the_browser(browser_page):
    page, root, (blocked, passed) = browser_page
    page.goto(f"{root}/review")
    assert page.url.endswith("/login")
    page.fill("input[name=name]", "lin")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button")
    page.wait_for_url(f"{root}/review")
    page.screenshot(path=str(ARTEFACTS / "queue.png"), full_page=True)

    # The catalog's <script> title is text on the page, and no script ran (a dialog would fail the test).
    assert page.inner_text(".product h2 .title") == "<script>alert(1)</script> 纯棉圆领T恤"
    mark = page.locator(f"#draft-{blocked} mark.flag.block")
    assert mark.inner_text() == "最佳"
    assert mark.get_attribute("title") == "compliance: 《广告法》第九条：不得使用“最佳”；删去或改写该说法"

    # Keyboard: focus the blocked draft, e opens the editor; the re-check runs while typing.
    page.focus(f"#draft-{blocked}")
    page.keyboard.press("e")
    editor = page.locator(f"#draft-{blocked} textarea")
    editor.fill("")
    editor.type("全网最低价")
    page.locator(f"#preview-{blocked} mark.flag.block").wait_for()
    editor.fill("纯棉圆领T恤，白色、黑色两色可选，领口不易变形。")  # an input event, as an IME's text is
    page.locator(f"#preview-{blocked} .badge.ok").wait_for()
    page.click(f"#draft-{blocked} button.save")
    page.locator(f"#draft-{blocked} .badge.ok").wait_for()
    settled(page)
    assert page.locator(f"#draft-{blocked} del").text_content() == "最佳"  # inside the closed diff

    # a approves the focused draft; the card comes back approved.
    page.focus(f"#draft-{blocked}")
    page.keyboard.press("a")
    page.locator(f"#draft-{blocked} .status", has_text="approved").wait_for()
    page.screenshot(path=str(ARTEFACTS / "queue-after-approve.png"), full_page=True)

    # x selects the other draft and Shift+A approves the selection.
    page.focus(f"#draft-{passed}")
    page.keyboard.press("x")
    with page.expect_navigation():
        page.keyboard.press("Shift+A")
    page.goto(f"{root}/review?status=approved")
    assert page.locator(".draft").count() == 2
    page.goto(f"{root}/dashboard?lang=en")
    assert page.inner_text("#approval-rate") == "100%"
    page.screenshot(path=str(ARTEFACTS / "dashboard.png"), full_page=True)


def test_an_experiments_report_with_its_plot_and_a_promotion_in_the_browser(browser_page):
    from shopscribe.experiments import CreateRequest, create
    from test_experiments import add_events

    page, root, (blocked, passed) = browser_page
    with session_scope() as s:
        for draft_id in (blocked, passed):
            s.get(Draft, draft_id).status = "approved"
    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[blocked, passed], policy="fixed"))
    for day in range(4):
        add_events(blocked, 60, 3 + day, f"a{day}", day=day)
        add_events(passed, 60, 6 + 2 * day, f"b{day}", day=day)
    log_in(page, root, "?lang=en")
    page.goto(f"{root}/experiments")
    page.click(f"a[href='/experiments/{exp}']")
    assert page.inner_text("#status") == "running"
    page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.screenshot(path=str(ARTEFACTS / "experiment.png"), full_page=True)
    with page.expect_navigation():
        page.click(f"tr[data-draft='{passed}'] button.promote")
    assert page.inner_text("#status") == "ended"
    assert page.get_attribute(f"tr[data-draft='{passed}']", "class") == "winner"
    assert "decided by lin" in page.inner_text("#winner")
    page.screenshot(path=str(ARTEFACTS / "experiment-promoted.png"), full_page=True)


def test_a_product_page_shows_what_its_reviews_say(browser_page):
    from shopscribe.store import ProductInsight

    page, root, _ = browser_page
    with session_scope() as s:
        tee = s.query(Product).one()
        s.add(ProductInsight(product_id=tee.id, reviews=5, sentiment={"positive": 4, "neutral": 0, "negative": 1},
                             strengths=[{"aspect": "material", "sentiment": "positive", "reviews": [1, 2, 4],
                                         "mentions": 3, "share": 1.0, "quote": "面料柔软", "summary": "买家都说面料柔软舒服"}],
                             complaints=[{"aspect": "fit", "sentiment": "negative", "reviews": [3], "mentions": 1,
                                          "share": 1.0, "quote": "尺码偏小", "summary": None}],
                             keywords=["面料", "尺码", "物流"]))
    log_in(page, root)
    page.goto(f"{root}/products/TEE-1?lang=zh")
    assert page.inner_text("dd.strength") == "+ 买家都说面料柔软舒服 (评价 1, 2, 4)"
    assert page.inner_text("dd.complaint") == "− 尺码偏小 (评价 3)"
    page.screenshot(path=str(ARTEFACTS / "product-insights.png"), full_page=True)
