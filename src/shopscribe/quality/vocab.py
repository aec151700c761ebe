"""Words for materials, colours, fits and connectors in Chinese and English, each mapped to one canonical id."""

from __future__ import annotations

# Materials: id -> (parent id or "", Chinese terms, English terms). A claim is supported by the same material or
# a more specific one (copy may say 'steel' of 304 stainless steel); a more specific or a sibling one is not.
# A term may name several materials (棉麻 is cotton and linen), written "a+b" in MULTI.
MATERIALS: dict[str, tuple[str, list[str], list[str]]] = {
    "cotton": ("", ["棉", "棉质", "棉布", "棉料", "全棉", "纯棉", "棉花", "棉制"],
               ["cotton", "pure cotton", "all-cotton", "all cotton"]),
    "organic_cotton": ("cotton", ["有机棉", "有机棉花"], ["organic cotton"]),
    "longstaple_cotton": ("cotton", ["长绒棉", "新疆长绒棉", "埃及长绒棉", "新疆棉", "精梳棉", "精梳长绒棉"],
                          ["long-staple cotton", "egyptian cotton", "pima cotton", "supima cotton", "combed cotton"]),
    "polyester": ("", ["涤纶", "聚酯纤维", "聚酯", "PP棉", "喷胶棉", "太空棉", "珊瑚绒", "摇粒绒"],
                  ["polyester", "poly fiberfill", "microfleece"]),
    "nylon": ("", ["锦纶", "尼龙", "聚酰胺"], ["nylon", "polyamide"]),
    "spandex": ("", ["氨纶", "莱卡", "莱卡棉"], ["spandex", "elastane", "lycra"]),
    "viscose": ("", ["粘胶", "粘胶纤维", "黏胶", "黏胶纤维", "人造棉", "人棉", "人造丝"], ["viscose", "rayon"]),
    "modal": ("", ["莫代尔"], ["modal"]),
    "lyocell": ("", ["天丝", "莱赛尔"], ["lyocell", "tencel"]),
    "acrylic": ("", ["腈纶", "亚克力", "有机玻璃"], ["acrylic", "plexiglass", "pmma"]),
    "linen": ("", ["亚麻", "麻质", "麻料", "苎麻", "汉麻", "亚麻布", "纯亚麻"], ["linen", "flax", "ramie", "hemp"]),
    "silk": ("", ["真丝", "桑蚕丝", "蚕丝", "丝绸", "丝质", "柞蚕丝", "纯真丝"], ["silk", "mulberry silk", "pure silk"]),
    "wool": ("", ["羊毛", "绵羊毛", "纯羊毛", "毛料", "羊毛料"], ["wool", "lambswool", "pure wool"]),
    "merino": ("wool", ["美利奴", "美利奴羊毛"], ["merino", "merino wool"]),
    "cashmere": ("", ["羊绒", "山羊绒", "纯羊绒"], ["cashmere"]),
    "down": ("", ["羽绒"], ["down-filled", "down filling", "down fill", "down insulation"]),
    "goose_down": ("down", ["鹅绒", "白鹅绒", "灰鹅绒"], ["goose down"]),
    "duck_down": ("down", ["鸭绒", "白鸭绒", "灰鸭绒"], ["duck down"]),
    # 皮革 is any leather; English 'leather' unqualified claims the real thing, so it is read as genuine leather.
    "leather": ("", ["皮革", "皮质", "皮料"], []),
    "genuine_leather": ("leather", ["真皮", "牛皮", "头层牛皮", "头层皮", "二层牛皮", "羊皮", "小牛皮", "羊皮革"],
                        ["leather", "genuine leather", "full-grain leather", "full grain leather", "top-grain leather",
                         "top grain leather", "cowhide", "calfskin", "real leather", "lambskin"]),
    "pu_leather": ("leather", ["PU", "PU皮", "PU皮革", "人造革", "人造皮", "人造皮革", "超纤皮", "超纤皮革", "仿皮", "合成革",
                               "合成皮革"],
                   ["pu leather", "faux leather", "vegan leather", "synthetic leather", "leatherette",
                    "microfiber leather", "bonded leather"]),
    "bamboo": ("", ["竹", "竹子", "竹制", "竹质", "竹木", "楠竹", "毛竹"], ["bamboo"]),
    "bamboo_fiber": ("bamboo", ["竹纤维", "竹浆纤维", "竹炭纤维"],
                     ["bamboo fiber", "bamboo fibre", "bamboo viscose", "bamboo rayon"]),
    "wood": ("", ["木质", "木制", "木材", "原木", "木头", "木料"], ["wood", "wooden", "timber"]),
    "solid_wood": ("wood", ["实木", "纯实木", "全实木"], ["solid wood", "solid hardwood", "hardwood"]),
    "oak": ("solid_wood", ["橡木", "白橡木", "红橡木"], ["oak", "white oak", "red oak"]),
    "walnut": ("solid_wood", ["胡桃木", "黑胡桃木", "北美黑胡桃"], ["walnut", "black walnut"]),
    "beech": ("solid_wood", ["榉木"], ["beech", "beechwood"]),
    "pine": ("solid_wood", ["松木", "樟子松"], ["pine", "pinewood"]),
    "acacia": ("solid_wood", ["相思木"], ["acacia"]),
    "teak": ("solid_wood", ["柚木"], ["teak"]),
    "rubberwood": ("solid_wood", ["橡胶木"], ["rubberwood"]),
    "birch": ("solid_wood", ["桦木"], ["birch"]),
    "olive_wood": ("solid_wood", ["橄榄木"], ["olive wood", "olivewood"]),
    "engineered_wood": ("wood", ["密度板", "中纤板", "刨花板", "颗粒板", "多层板", "胶合板", "胶木"],
                        ["mdf", "particleboard", "plywood", "engineered wood", "fiberboard", "pakkawood"]),
    "steel": ("", ["钢", "钢材", "钢制", "钢铁", "全钢", "钢质"], ["steel"]),
    "stainless": ("steel", ["不锈钢", "不锈钢材质"], ["stainless steel", "stainless"]),
    "ss304": ("stainless", ["304不锈钢", "304钢", "SUS304", "食品级304不锈钢", "304食品级不锈钢"],
              ["304 stainless steel", "304 stainless", "18/8 stainless steel", "18/8 stainless", "18/8 steel"]),
    "ss316": ("stainless", ["316不锈钢", "316L不锈钢", "SUS316", "316L", "医用级316不锈钢"],
              ["316 stainless steel", "316 stainless", "316l stainless steel", "316l"]),
    "ss201": ("stainless", ["201不锈钢"], ["201 stainless steel"]),
    "ss430": ("stainless", ["430不锈钢"], ["430 stainless steel"]),
    "carbon_steel": ("steel", ["碳钢", "高碳钢", "碳素钢"], ["carbon steel", "high-carbon steel", "high carbon steel"]),
    "iron": ("", ["铁质", "铁制", "铁艺", "生铁", "熟铁"], ["wrought iron"]),
    "cast_iron": ("iron", ["铸铁"], ["cast iron", "cast-iron"]),
    "copper": ("", ["铜", "铜制", "铜质"], ["copper", "solid copper"]),
    "pure_copper": ("copper", ["纯铜", "紫铜", "红铜"], ["pure copper", "red copper"]),
    "brass": ("copper", ["黄铜"], ["brass", "solid brass"]),
    "bronze": ("copper", ["青铜"], ["bronze"]),
    "aluminium": ("", ["铝", "铝合金", "铝制", "铝材", "航空铝", "航空铝材", "铝镁合金"],
                  ["aluminium", "aluminum", "aluminium alloy", "aluminum alloy"]),
    "titanium": ("", ["钛", "钛合金", "纯钛"], ["titanium", "titanium alloy"]),
    "zinc_alloy": ("", ["锌合金"], ["zinc alloy"]),
    "silver": ("", ["纯银", "925银", "S925", "S925银", "足银", "银质", "925纯银"],
               ["sterling silver", "925 silver", "solid silver"]),
    "gold": ("", ["黄金", "足金", "18K金", "14K金", "K金", "纯金"], ["solid gold", "18k gold", "14k gold"]),
    "gold_plated": ("", ["镀金"], ["gold-plated", "gold plated"]),
    "glass": ("", ["玻璃"], ["glass"]),
    "borosilicate": ("glass", ["高硼硅", "高硼硅玻璃", "硼硅玻璃"], ["borosilicate", "borosilicate glass"]),
    "tempered_glass": ("glass", ["钢化玻璃"], ["tempered glass"]),
    "crystal": ("glass", ["水晶", "水晶玻璃"], ["crystal glass", "lead crystal"]),
    "ceramic": ("", ["陶瓷", "陶", "炻瓷", "陶器", "粗陶", "陶土"], ["ceramic", "ceramics", "stoneware"]),
    "porcelain": ("ceramic", ["瓷", "瓷器", "白瓷", "细瓷"], ["porcelain"]),
    "bone_china": ("porcelain", ["骨瓷"], ["bone china"]),
    "enamel": ("", ["搪瓷", "珐琅"], ["enamel", "enamelware"]),
    "silicone": ("", ["硅胶", "食品级硅胶", "硅橡胶", "液态硅胶"], ["silicone", "food-grade silicone"]),
    "rubber": ("", ["橡胶", "天然橡胶"], ["rubber", "natural rubber"]),
    "latex": ("", ["乳胶", "天然乳胶"], ["latex", "natural latex"]),
    "plastic": ("", ["塑料", "塑胶"], ["plastic"]),
    "abs": ("plastic", ["ABS"], ["ABS"]),
    "pp": ("plastic", ["PP", "聚丙烯", "PP棉"], ["polypropylene"]),
    "pc": ("plastic", ["聚碳酸酯", "PC材质", "PC材料"], ["polycarbonate"]),
    "tritan": ("plastic", ["Tritan"], ["tritan"]),
    "pvc": ("plastic", ["PVC"], ["PVC"]),
    "ppsu": ("plastic", ["PPSU"], ["PPSU"]),
    "pe": ("plastic", ["聚乙烯"], ["polyethylene", "HDPE"]),
    "resin": ("plastic", ["树脂"], ["resin"]),
    "melamine": ("plastic", ["密胺"], ["melamine"]),
    "eva": ("", ["EVA"], ["EVA"]),
    "tpu": ("", ["TPU"], ["TPU"]),
    "memory_foam": ("", ["记忆棉", "慢回弹", "慢回弹海绵"], ["memory foam"]),
    "foam": ("", ["海绵", "珍珠棉"], ["foam", "sponge"]),
    "canvas": ("", ["帆布"], ["canvas", "waxed canvas"]),
    "carbon_fiber": ("", ["碳纤维", "碳纤"], ["carbon fiber", "carbon fibre"]),
    "fiberglass": ("", ["玻璃纤维", "玻纤"], ["fiberglass", "fibreglass", "glass fiber", "glass fibre"]),
    "cork": ("", ["软木"], ["cork"]),
    "jute": ("", ["黄麻"], ["jute"]),
    "rattan": ("", ["藤编", "藤条", "藤制"], ["rattan", "wicker"]),
    "paper": ("", ["纸质", "纸制", "牛皮纸"], ["kraft paper", "cardboard"]),
    "marble": ("", ["大理石"], ["marble"]),
    "stone": ("", ["石材", "岩板", "花岗岩"], ["granite", "sintered stone"]),
}
MULTI: dict[str, list[str]] = {
    "棉麻": ["cotton", "linen"], "涤棉": ["polyester", "cotton"], "cotton-linen": ["cotton", "linen"],
    "poly-cotton": ["polyester", "cotton"], "冰丝": ["viscose"], "棉帆布": ["cotton", "canvas"],
    "cotton canvas": ["cotton", "canvas"],
}
# Words that contain a material word but do not name the product's material: swallowed by longest match.
NOT_MATERIAL = [
    "棉服", "棉衣", "棉袄", "棉鞋", "棉拖", "棉被", "棉签", "棉花糖", "丝绒", "丝袜", "丝巾", "丝滑", "螺丝", "粉丝",
    "吹牛皮", "牛皮癣", "钢化膜", "钢琴", "钢笔", "钢圈", "钢印", "钢化", "铁路", "地铁", "铜锣", "铜墙铁壁",
    "陶醉", "熏陶", "陶冶", "瓷白", "瓷实", "瓷砖", "玻璃心", "竹笋", "爆竹", "竹叶", "竹林", "胸有成竹", "青竹",
    "古铜色", "铜色", "金属", "皮肤", "铝箔", "毛竹林",
    "cotton candy", "glass of", "glasses of", "magnifying glass", "stained glass", "silk road", "rubber band",
    "rubber bands", "wood-fired", "woodfired", "pine nut", "pine nuts", "walnuts", "walnut oil", "oak-aged",
    "steel yourself", "nerves of steel", "crystal clear", "crystal-clear", "leather-like", "silk-like", "silky",
    "glass-like", "memory", "down to", "wool-like", "steel blue", "steel grey", "steel gray", "copper-toned",
    "copper tone", "copper-tone", "bronze-toned",
]

# Colours: id -> (family, Chinese names, English names). A named shade belongs to a family; copy may name the
# family of an offered shade ('blue' of 雾霾蓝), while a shade of an offered family (米白 of 白色) is only a warning.
COLOURS: dict[str, tuple[str, list[str], list[str]]] = {
    "white": ("white", ["白"], ["white"]),
    "off_white": ("white", ["米白", "奶白", "象牙白", "乳白", "本白", "珍珠白", "月光白", "云朵白", "奶油白"],
                  ["off-white", "off white", "ivory", "cream white", "eggshell", "cream-coloured", "cream-colored"]),
    "black": ("black", ["黑", "曜石黑", "星空黑", "午夜黑", "墨黑", "亮黑", "哑光黑"],
              ["black", "jet black", "matte black", "onyx"]),
    "grey": ("grey", ["灰", "浅灰", "深灰", "烟灰", "银灰", "炭灰", "太空灰", "石墨灰", "雾灰", "花灰", "麻灰"],
             ["grey", "gray", "light grey", "light gray", "dark grey", "dark gray", "charcoal grey", "charcoal gray",
              "heather grey", "heather gray", "slate grey", "slate gray", "space grey", "space gray", "graphite"]),
    "red": ("red", ["红", "大红", "正红", "中国红", "酒红", "枣红", "砖红", "玫红", "西瓜红", "深红", "暗红"],
            ["red", "burgundy", "wine red", "crimson", "scarlet", "maroon", "brick red", "cherry red"]),
    "pink": ("pink", ["粉", "粉红", "浅粉", "樱花粉", "脏粉", "藕粉", "玫瑰粉", "蜜桃粉"],
             ["pink", "blush pink", "blush", "dusty pink", "rose pink", "hot pink", "light pink"]),
    "blue": ("blue", ["蓝", "天蓝", "浅蓝", "深蓝", "宝蓝", "湖蓝", "雾霾蓝", "冰川蓝", "克莱因蓝", "牛仔蓝", "海蓝", "远峰蓝"],
             ["blue", "sky blue", "light blue", "dark blue", "royal blue", "baby blue", "powder blue", "denim blue",
              "cobalt", "cobalt blue", "dusty blue", "ocean blue", "steel blue"]),
    "navy": ("blue", ["藏青", "藏蓝", "海军蓝", "深藏青"], ["navy", "navy blue", "midnight blue"]),
    "green": ("green", ["绿", "墨绿", "军绿", "橄榄绿", "薄荷绿", "牛油果绿", "草绿", "浅绿", "深绿", "抹茶绿", "森林绿",
                        "苍岭绿", "松石绿", "鼠尾草绿"],
              ["green", "sage green", "olive green", "mint green", "forest green", "army green", "emerald",
               "emerald green", "dark green", "light green", "hunter green", "bottle green"]),
    "yellow": ("yellow", ["黄", "明黄", "鹅黄", "姜黄", "柠檬黄", "芥末黄", "奶黄"],
               ["yellow", "mustard", "mustard yellow", "lemon yellow"]),
    "orange": ("orange", ["橙", "橘", "橘红", "橘黄", "焦橙", "爱马仕橙"], ["burnt orange", "tangerine", "orange"]),
    "purple": ("purple", ["紫", "浅紫", "深紫", "香芋紫", "薰衣草紫", "葡萄紫", "暗紫"],
               ["purple", "violet", "lilac", "lavender purple", "plum", "mauve"]),
    "brown": ("brown", ["棕", "褐", "咖", "咖啡", "驼", "焦糖", "巧克力", "深棕", "浅棕", "摩卡"],
              ["brown", "chocolate brown", "dark brown", "light brown", "camel", "cognac", "coffee brown", "mocha"]),
    "beige": ("beige", ["米", "杏", "燕麦", "米黄", "奶茶", "浅杏"], ["beige", "oatmeal", "sand", "taupe", "nude"]),
    "khaki": ("khaki", ["卡其"], ["khaki"]),
    "gold": ("gold", ["金", "香槟金", "玫瑰金", "土豪金"], ["gold", "rose gold", "champagne gold", "champagne"]),
    "silver": ("silver", ["银"], ["silver"]),
    "natural": ("natural", ["原木", "木"], ["natural wood"]),
    # metal finishes of taps, rails and handles: each its own family, since chrome is no shade of nickel
    "chrome": ("chrome", ["亮铬", "镀铬色", "铬色"], ["chrome", "polished chrome"]),
    "nickel": ("nickel", ["拉丝镍", "镍色"], ["brushed nickel", "satin nickel", "polished nickel"]),
    "brass": ("brass", ["黄铜色", "拉丝金"], ["brushed brass", "antique brass", "polished brass", "satin brass"]),
    "bronze": ("bronze", ["古铜色", "青铜色"], ["oil-rubbed bronze", "oil rubbed bronze", "bronze"]),
}
# Chinese colour characters that name a colour by themselves only in lists like 黑白灰三色 or followed by 色.
COLOUR_CHARS = "白黑灰红粉蓝绿黄橙紫棕褐米杏金银"
# Words and idioms that carry a colour name but do not say what colour the product is.
NOT_COLOUR_ZH = [
    "绿色环保", "绿色健康", "绿色食品", "绿色出行", "绿色生活", "绿色无", "绿色安全", "绿色天然", "绿色有机", "绿色产品",
    "绿色能源", "绿色消费", "绿色理念", "绿色种植", "黑色星期五", "红色经典", "白色污染", "白色家电", "黄金比例",
    "金色年华", "金色童年", "白色情人节",
]
NOT_COLOUR_EN = [
    "go green", "green energy", "green tea", "green light", "greenhouse", "black friday", "white noise", "blue light",
    "blue-light", "red wine", "white wine", "orange juice", "orange peel", "orange zest", "orange scent",
    "orange flavor",
    "orange flavour", "gold standard", "gold medal", "silver lining", "white paper", "red carpet", "white glove",
    "chrome steel", "chrome-plated", "chrome plated", "chrome vanadium", "chrome-vanadium", "chrome tanned", "bronze medal",
    "white-glove", "black tea", "red tape", "brown sugar", "white sugar", "black pepper", "white rice", "brown rice",
    "green beans", "silver screen", "blackout", "black-out", "blue cheese", "gold-plated", "gold plated", "white glove",
    "sterling silver", "solid gold", "925 silver", "solid silver", "black belt", "redwood", "white label",
]

# Fit groups: a fit claim contradicts a fit attribute of another group.
FITS: dict[str, tuple[list[str], list[str]]] = {
    "slim": (["修身", "紧身", "收腰", "贴身版型", "显瘦修身"], ["slim fit", "slim-fit", "skinny fit", "skinny", "fitted",
                                                   "tailored fit", "bodycon"]),
    "loose": (["宽松", "oversize", "落肩宽松", "廓形宽松", "宽版"], ["loose fit", "loose-fit", "relaxed fit", "relaxed-fit",
                                                         "oversized", "oversize", "boxy", "baggy"]),
    "regular": (["常规版型", "常规款", "标准版型", "常规"], ["regular fit", "regular-fit", "classic fit", "standard fit"]),
}

# Connectors and features: id -> terms (case-insensitive).
CONNECTORS: dict[str, list[str]] = {
    "usb_c": ["USB-C", "USB C", "USB Type-C", "USB Type C", "Type-C", "Type C", "TypeC", "USBC", "C口"],
    "usb_a": ["USB-A", "USB A", "USB Type-A", "USB Type A", "Type-A", "A口", "USB-A口"],
    "lightning": ["Lightning"],
    "micro_usb": ["Micro-USB", "Micro USB", "MicroUSB", "安卓口"],
    "magsafe": ["MagSafe"],
    "thunderbolt": ["Thunderbolt", "雷电接口", "雷雳"],
    "hdmi": ["HDMI"],
    "displayport": ["DisplayPort"],
    # a dock or router that lists its ports without one of these has none
    "ethernet": ["网口", "网线口", "网线接口", "以太网口", "RJ45", "RJ-45", "Ethernet", "LAN port"],
    "sd_card": ["SD卡槽", "TF卡槽", "读卡槽", "SD card slot", "microSD slot", "card reader"],
}
FEATURES: dict[str, tuple[list[str], list[str]]] = {
    "anc": (["主动降噪", "ANC"], ["active noise cancelling", "active noise canceling", "active noise cancellation", "ANC"]),
    "nfc": (["NFC"], ["NFC"]),
    "wireless_charging": (["无线充电", "无线充"], ["wireless charging", "Qi charging", "Qi-compatible", "Qi wireless"]),
    "bluetooth": (["蓝牙"], ["Bluetooth"]),
    "wifi": (["WiFi", "Wi-Fi", "无线网络"], ["WiFi", "Wi-Fi"]),
}
# Words in the product that show it has no radio at all, so 'Bluetooth' contradicts it.
WIRED = ["有线", "wired", "3.5mm插头", "3.5 mm plug"]

# Places and uses a 'Not for' / 不适用 value names, and how copy says them otherwise: 不适用: 屋顶 rules out the
# 楼顶天台 too, 'Not for: Internal use' the tablespoon taken by mouth.
RULED_OUT_SAID_AS: dict[str, list[str]] = {
    "屋顶": ["楼顶", "房顶", "天台", "屋面"],
    "室内": ["屋里", "屋内", "家里", "房间里", "客厅", "卧室"],
    "阳台": ["露台"],
    "明火": ["灶上", "燃气灶", "煤气灶", "炉火", "火上", "直火", "炉子上"],
    "骑车": ["骑电动车", "骑电瓶车", "骑自行车", "骑单车", "骑摩托"],
    "机洗": ["洗衣机"],
    "电动摩托": ["电摩", "电动摩托车"],
    "混凝土": ["水泥"],
    "外用": ["抹在脸上", "涂在脸上", "抹在皮肤上", "涂在皮肤上", "擦在身上"],
    "internal": ["by mouth", "orally", "ingest", "swallow", "internally", "drink it", "add it to food", "add it to drinks"],
    "indoor": ["indoors", "in the house", "living room", "bedroom"],
    "roof": ["rooftop", "roof deck"],
    "aquatic": ["turtle tank", "fish tank", "aquarium"],
    "whitewater": ["rapids", "white water"],
    "children": ["toddler", "kids", "year-old", "year old"],  # 'a gift for your 8-year-old'
    "grass": ["lawn"],
    "glass": ["windshield", "windows", "mirror"],
    # 'Not for: Concrete or asphalt' against 'Skip on the driveway'; industrial noise against a jackhammer; water of
    # unknown quality against a creek
    "concrete": ["driveway", "sidewalk", "pavement", "parking lot", "garage floor"],
    "asphalt": ["driveway", "street", "road", "parking lot", "blacktop"],
    "industrial": ["jackhammer", "construction site", "power tools", "factory floor", "sawmill"],
    "firearm": ["gun range", "shooting range", "rifle", "pistol"],
    "unknown": ["creek", "stream", "river", "lake", "pond", "puddle"],
    "沥青": ["马路", "柏油路", "路面"],
    # 不适用: 航空托运 against 办托运上飞机; 不适用: 面部 against 脸上干的时候也抹一点
    "航空托运": ["托运上飞机", "办托运", "飞机托运", "随机托运", "航空运输"],
    "面部": ["脸上", "脸部", "抹脸", "擦脸", "涂脸"],
}

# Things a product has a number of: a count claim ('5种清洁模式', '3-piece') must match the product's own count.
COUNTED: dict[str, tuple[list[str], list[str]]] = {
    "mode": (["种模式", "种清洁模式", "种洗涤模式", "档模式", "种程序", "种功能", "种烹饪模式"],
             ["modes", "cleaning modes", "settings", "programs", "programmes", "functions", "cooking modes", "presets",
              "preset programs", "preset modes"]),
    "speed": (["档风速", "档调节", "挡调节", "档转速", "档", "挡", "段调节"], ["speeds", "speed settings", "levels", "power levels"]),
    "piece": (["件套", "件装", "件"], ["pieces", "piece", "pcs", "-piece"]),
    "pair": (["双装", "双"], ["pairs", "pair"]),
    "pack": (["只装", "个装", "支装", "包装", "片装", "袋装", "盒装", "罐装"], ["pack", "-pack", "count"]),
    "head": (["个刷头", "支刷头", "刷头", "个配件", "种配件", "个刀头"], ["brush heads", "attachments", "heads", "blades"]),
    "flavour": (["种口味", "口味"], ["flavours", "flavors"]),
    "key": (["键"], ["keys", "-key"]),
    "pill": (["粒", "颗", "片"], ["gummies", "capsules", "tablets", "softgels", "caplets", "pills", "lozenges"]),
    "colour_temp": (["种色温", "档色温"], ["colour temperatures", "color temperatures", "colour modes", "color modes",
                                         "lighting modes"]),
}

# Active ingredients of skin care and supplements: naming one the product lacks is an invented fact.
INGREDIENTS: dict[str, list[str]] = {
    "niacinamide": ["烟酰胺", "维生素B3", "niacinamide", "vitamin B3"],
    "hyaluronic_acid": ["玻尿酸", "透明质酸", "透明质酸钠", "hyaluronic acid", "sodium hyaluronate"],
    "tranexamic_acid": ["传明酸", "氨甲环酸", "tranexamic acid"],
    "arbutin": ["熊果苷", "arbutin", "alpha arbutin"],
    "retinol": ["视黄醇", "A醇", "retinol", "retinal", "视黄醛"],
    "salicylic_acid": ["水杨酸", "salicylic acid", "BHA"],
    "glycolic_acid": ["果酸", "甘醇酸", "glycolic acid", "AHA"],
    "vitamin_c": ["维C", "维生素C", "VC", "抗坏血酸", "vitamin C", "ascorbic acid"],
    "ceramide": ["神经酰胺", "ceramide", "ceramides"],
    "peptide": ["胜肽", "多肽", "peptide", "peptides"],
    "centella": ["积雪草", "centella", "cica"],
    "collagen": ["胶原蛋白", "collagen"],
    "squalane": ["角鲨烷", "squalane"],
}

# Words before 'flavour'/'味' that say nothing about which flavour it is.
NOT_FLAVOUR = {"natural", "artificial", "great", "delicious", "fruit", "fruity", "rich", "bold", "full", "real", "amazing",
               "the", "a", "an", "no", "with", "added", "new", "original", "authentic", "intense", "subtle", "fresh",
               "美", "好", "回", "风", "滋", "原", "异", "气", "口", "趣", "韵", "调", "真", "鲜", "美味", "风味", "原味", "人情"}


# A yes/no feature said by what it does, not by its name (regular expressions, matched ignoring case), keyed by the
# feature term align._feature_terms reads from the key: against a 'No', the copy credits the feature the data denies.
FEATURE_SAID_AS: dict[str, str] = {
    "waterproof": r"\bunderwater\b|\bsubmerg(?:e|es|ed|ing|ible)\b",
    # 带它下水, 边洗澡边听, 泡澡时放浴缸边上听歌，溅一身水也照响
    "防水": r"水下|(?<![排污])下水(?![道管])|边洗澡边|泡澡时?[^，。]{0,10}听|溅[^，。]{0,4}水也(?:照|能|不)",
    # 赠品: 无 against 下单还白送一个小夜灯
    "赠品": r"白送|赠送|还送|送一?[个只件份把]|附赠|免费送",
    "free gift": r"\bfree\s+(?:gift|bonus)\b|\bcomes\s+with\s+a\s+free\b|\bthrow\s+in\b",
    # 烤箱功能: 无 against 蒸烤一体，蒸完鱼顺手就能烤个鸡翅
    "烤箱": r"蒸烤一体|烤箱|烘烤|(?:能|可以|还能|顺手|再)烤|烤(?:个|只|些|点|一?盘)",
    "蒸箱": r"蒸烤一体|(?:能|可以|还能|顺手|再)蒸|蒸(?:个|只|些|点|一?[盘屉锅])",
    "oven": r"\b(?:bake|bakes|baking|roast|roasts|roasting)\b",
    "登机": r"(?:带|拎|提|拿|背)(?:上|进)飞机|上飞机不用托运",
    "保冷": r"(?:装上?|倒进?|放进?)冰[水块饮][^。；！？.;!?]{0,12}?(?:都是?凉|还是凉|冰凉|凉凉)",
    "保温": r"一直(?:温着|保温|热着)|随时都是(?:温|热)的",
    "语音播报": r"开口(?:报|说|播)|(?:报|念)出(?:你的|您的)?[\u4e00-\u9fff]{1,4}(?:体重|温度|时间|数值)",
    "主动降噪": r"(?:轰鸣|噪音|噪声|吵闹声|引擎声)[\u4e00-\u9fff]{0,4}(?:被|就)?(?:压下去|消失|隔绝|屏蔽|降下来)",
    "拖地": r"(?:把地板?|顺手|顺便)(?:拖|擦)一?遍|(?:扫|吸)完[\u4e00-\u9fff]{0,3}拖",
    "nfc": r"刷(?:地铁|公交|门禁|卡进站)|抬(?:手腕|手)就能刷",
    "预约定时": r"睡前设好|(?:提前|晚上|睡前)预约|到点自动",
    "自动清理": r"自己把[\u4e00-\u9fff]{0,6}(?:铲|清|扫)干净",
    "停车监控": r"(?:停车|车停)[^。！？]{0,20}(?:录下来|拍下来)",
    "上加水": r"从(?:顶上|上面|上方)(?:直接)?(?:倒|加)水",
    "双人双控": r"各调各的",
    "无极调光": r"想调多亮就调多亮|亮度随(?:意|便)调",
    "自动翻盖": r"自动(?:掀开|翻开|打开)",
    "自动速开": r"自动弹开",
    "自动投果料": r"自动撒",
    # 变速: 单速 against 遇到上坡换个挡
    "变速": r"换(?:个|一)?挡|调(?:个)?挡|(?:上坡|爬坡)[^。；！？]{0,6}(?:变速|切挡)",
    # 是否联网: 否 against 手机App能实时收到报警推送
    "联网": r"App[^。；！？]{0,8}(?:推送|远程|收到|通知)|远程(?:查看|控制|报警|通知)",
    # 压力感应: 否 against 刷得太用力的时候，手柄会震一下提醒你
    "压力感应": r"(?:太用力|用力过猛|力度太大|压得太重)[^。；！？]{0,12}(?:震|提醒|亮|报警)",
    # 'Chew resistant: No' against 'survive even a determined chewer'; 'Drinking water safe: No' against filling a bowl
    # 'Water-resistant: No' against 'The cover is waterproof': waterproof is more than water-resistant
    "water resistant": r"\bwater-?proof\b",
    "chew resistant": r"\b(?:determined|heavy|power|aggressive|serious|tough)\s+chewers?\b|\bchew[- ]?proof\b",
    "drinking water safe": r"\b(?:fill(?:ing)?|top(?:ping)?\s+up)\b[^.;!?]{0,30}\b(?:freshwater|fresh\s+water|drinking\s+water|"
                           r"water\s+bottles?|(?:dog|cat|pet|horse)'?s?\s+(?:water\s+)?(?:bowl|trough))\b",
    # TSA海关锁: 否 against 海关有专用钥匙能开
    "tsa海关锁": r"海关[^。；！？]{0,6}(?:专用)?钥匙|过安检[^。；！？]{0,8}(?:不用撬|不会被撬|能直接开)",
    # 'call her to dinner through the built-in speaker': the pet hears you, so audio goes both ways
    "two way audio": r"\btalk (?:to|with|back to) (?:your|the) (?:dog|cat|pet|kids?|baby|visitors?)\b|"
                     r"\b(?:call|talk|speak)\b[^.;!?]{0,40}\bthrough (?:the|its) (?:built-in )?speaker\b",
    # 'Stovetop safe: No' against 'set it on the gas burner'
    "stovetop": r"\b(?:on|onto|over) (?:the|a|your) (?:gas |electric |induction |open )?(?:burner|stove|hob|cooktop|flame|range)\b",
    "two way talk": r"\btalk(?:ing)? back\b|\btalk (?:to|with) (?:your|the) (?:baby|kids?|child)\b",
    "motion sensor": r"\bmotion[- ]activated\b|\bswitch(?:es)? on when (?:someone|anyone|you) (?:walks?|comes?)\b",
    "rain sensor": r"\bwhen (?:the clouds open(?: up)?|it (?:starts to )?rains?)[^.;!?]{0,40}\b(?:heads?|goes|returns?) (?:back|home)",
    "fingerprint reader": r"\btouch of (?:your|a) finger(?:tip)?\b|\bwith your fingerprint\b",
    "packable": r"\b(?:stuff|pack)s? (?:it |itself )?into its own pocket\b",
    "dishwasher safe": r"\b(?:top|upper) rack\b",
    "programmable timer": r"\bset it to start\b|\bstart (?:cooking|brewing|baking) at\b",
    "swim tracking": r"\bcount(?:s)? every length\b|\bcount(?:s)? (?:your )?laps\b",
    "reflective": r"\beasy to spot on (?:those )?(?:late-night|night|evening|dark) walks\b",
    "variable temperature": r"\bset it to \d+ ?°[fc]\b",
    "convertible": r"\bturn(?:s|ing)? into a (?:toddler bed|daybed|bench|desk)\b",
    "microphone": r"\btake calls\b|\bhands-free calls\b",
    "incline": r"\bcrank up the hill\b|\buphill (?:walk|setting|mode)\b",
    "front light": r"\bafter the (?:lamp|lights?) goes? off\b|\bread(?:ing)? in the dark\b",
    "gps": r"\bspeed and location\b",
    "motorized tracking": r"\bfollows? (?:it|them|the (?:moon|planets?|stars?)) automatically\b",
    "piezo ignition": r"\bpush-button ignition\b|\bno matches needed\b",
    # App control: No against 'Start a batch from your phone'
    "app control": r"\b(?:from|on|with|using)\s+your\s+phone\b",
    # Built-in camera: No against 'Snap photos hands-free'
    "camera": r"\b(?:snap|take|shoot|capture)s?\s+(?:\w+\s+)?(?:photos?|pictures?|pics|snapshots|videos?)\b|"
              r"\brecords?\s+(?:video|what\s+you\s+see)\b",
    # 除湿: 无 against 顺便还能把屋里的潮气除掉
    "除湿": r"(?:潮气|湿气|水汽|返潮)[^。，；！？]{0,4}(?:除掉|去掉|吸走|抽走|除了|没了)|除潮|去湿",
    # 双向通话: 无 against 还能通过屏幕跟门外的人对讲
    "双向通话": r"对讲|(?:跟|和|与)[^。；！？]{0,8}(?:门外|外面|访客|快递员?|来访)[^。；！？]{0,6}(?:说话|对话|通话|聊)",
    # (and 在公司打开手机，就能看到主子吃饭的样子: watching from afar is a camera too)
    "摄像头": r"拍照|拍视频|录视频|录像|拍下来|(?:打开|用|在)手机[^。；！？]{0,8}(?:看到|看见|看)[^。；！？]{0,10}(?:样子|画面|情况|动静)|"
           r"远程看[^。；！？]{0,4}(?:娃|宝宝|主子|猫|狗|家)|实时(?:视频|画面)",
}
