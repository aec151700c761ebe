"""The words of the review workspace in Chinese and English (the shop picks; the choice is kept in a cookie)."""

from __future__ import annotations

LANGS = ("zh", "en")

WORDS: dict[str, dict[str, str]] = {
    "queue": {"zh": "审核队列", "en": "Review queue"},
    "dashboard": {"zh": "概览", "en": "Dashboard"},
    "audit": {"zh": "审计日志", "en": "Audit log"},
    "logout": {"zh": "退出", "en": "Log out"},
    "login": {"zh": "登录", "en": "Log in"},
    "name": {"zh": "用户名", "en": "Name"},
    "password": {"zh": "密码", "en": "Password"},
    "wrong_login": {"zh": "用户名或密码不对", "en": "Wrong name or password"},
    "locked": {"zh": "尝试次数过多，请 {s} 秒后再试", "en": "Too many attempts; try again in {s} s"},
    "approve": {"zh": "通过", "en": "Approve"},
    "reject": {"zh": "退回", "en": "Reject"},
    "reason": {"zh": "原因", "en": "Reason"},
    "save": {"zh": "保存修改", "en": "Save edit"},
    "edit": {"zh": "修改", "en": "Edit"},
    "approve_passed": {"zh": "通过所有检查通过的草稿", "en": "Approve every draft that passed"},
    "approve_selected": {"zh": "通过选中的草稿", "en": "Approve selected"},
    "filter": {"zh": "筛选", "en": "Filter"},
    "kind": {"zh": "类型", "en": "Kind"},
    "status": {"zh": "状态", "en": "Status"},
    "flag": {"zh": "问题类型", "en": "Flag"},
    "category": {"zh": "类目", "en": "Category"},
    "all": {"zh": "全部", "en": "All"},
    "facts": {"zh": "商品资料", "en": "Product facts"},
    "price": {"zh": "价格", "en": "Price"},
    "passed": {"zh": "检查通过", "en": "passed"},
    "blocked": {"zh": "未通过", "en": "blocked"},
    "no_drafts": {"zh": "没有符合条件的草稿", "en": "No drafts match"},
    "model_text": {"zh": "模型原文对比", "en": "Edit against the model's text"},
    "shortcuts": {"zh": "快捷键：j/k 上下移动，a 通过，r 退回，e 修改，x 选中，Shift+A 通过选中",
                  "en": "Keys: j/k move, a approve, r reject, e edit, x select, Shift+A approve selected"},
    "drafts_by_status": {"zh": "草稿状态", "en": "Drafts by status"},
    "flags_by_check": {"zh": "问题按检查分类", "en": "Flags by check"},
    "approval_rate": {"zh": "通过率", "en": "Approval rate"},
    "when": {"zh": "时间", "en": "When"},
    "who": {"zh": "操作人", "en": "Who"},
    "action": {"zh": "操作", "en": "Action"},
    "what": {"zh": "对象", "en": "What"},
    "detail": {"zh": "详情", "en": "Detail"},
    "generate": {"zh": "写草稿", "en": "Write drafts"},
    "regenerate": {"zh": "按退回原因重写", "en": "Regenerate with the reason"},
    "job_running": {"zh": "正在写草稿：{done}/{items}", "en": "Writing drafts: {done}/{items}"},
    "job_done": {"zh": "完成：新草稿在队列里", "en": "Done: the new drafts are in the queue"},
    "read_only": {"zh": "只读账号", "en": "Read-only account"},
}


def t(key: str, lang: str, **values: object) -> str:
    word = WORDS[key].get(lang) or WORDS[key]["en"]
    return word.format(**values) if values else word
