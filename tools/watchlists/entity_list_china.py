#!/usr/bin/env python3
"""Adds the curated China subset of the BIS Entity List to data/watchlists/entries.jsonl (issue #13 item 4).

Facts are in this file, reviewable: each Federal Register rule with its citation, date and the public page the
citation and date were checked against; an entity whose notice we could not check gets no date and says so.
The 60 academic entries (names, a.k.a. names, addresses) are read from the bis.gov extract in the shared data
folder. Existing rows gain a `bis-entity-list` listing in place (no row is moved); new entities are appended.

  python3 tools/watchlists/entity_list_china.py --sources ../shared/data --out data/watchlists
"""
import argparse, json, re, unicodedata

EL_SOURCE = "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744/appendix-Supplement%20No.%204%20to%20Part%20744"
EXTRACT_SOURCE = "https://www.bis.gov/entity-list (extract of 2026-03-30, kaixinol/china-university-entity-list @ 8119ff2)"

# Federal Register rules. "checked" = the page where citation and date were read (None: not checked).
RULES = {
    "2015-nudt": dict(fr="80 FR 8527", date="2015-02-18", doc="cited as the NUDT listing in the 2019-06-24 rule (FR doc 2019-13245)",
                      checked="https://www.govinfo.gov/content/pkg/FR-2019-06-24/pdf/2019-13245.pdf"),
    "2018-08": dict(fr="83 FR 37423", date="2018-08-01", doc="FR doc 2018-16474",
                    checked="https://federalregister.gov/d/2018-16474"),
    "2019-05-huawei": dict(fr="84 FR 22961", date="2019-05-21", doc="Huawei and 68 non-U.S. affiliates",
                           checked="https://www.thompsonhinesmartrade.com/2019/05/huawei-technologies-co-ltd-and-68-affiliates-added-to-bis-entity-list/"),
    "2019-10-xuar": dict(fr="84 FR 54002", date="2019-10-09", doc="FR doc 2019-22210",
                         checked="https://federalregister.gov/d/2019-22210"),
    "2020-06-military": dict(fr="85 FR 34495", date="2020-06-05", doc="first of the two 2020-06-05 notices (24 entities)",
                             checked="https://www.reedsmith.com/en/perspectives/2020/07/us-department-of-commerce-designates-33-chinese-companies"),
    "2020-06-xuar": dict(fr="85 FR 34503", date="2020-06-05", doc="second of the two 2020-06-05 notices (9 XUAR entities)",
                         checked="https://www.reedsmith.com/en/perspectives/2020/07/us-department-of-commerce-designates-33-chinese-companies"),
    "2020-06-military-heu": dict(fr="85 FR 34495", date="2020-06-05", doc="one of the 24 entities of the first 2020-06-05 notice (membership: https://campusreform.org/article?id=14944)",
                                 checked="https://www.reedsmith.com/en/perspectives/2020/07/us-department-of-commerce-designates-33-chinese-companies"),
    "2020-12-universities": dict(fr=None, date="2020-12-18", doc="one of the five universities of the 77-entity rule effective 2020-12-18 (names: https://todaychina.cc/8904.html)",
                                 checked="https://lagithenhi.com/bureau-of-industry-and-security-entity-list-la-gi-nam-2024"),
    "2025-03-baai": dict(fr="90 FR 14046", date="2025-03-25", doc="FR doc 2025-05427 (12 AI and supercomputing entities; effective date)",
                         checked="https://frtracker.app/fr/2025-05427"),
    "2024-05-quantum": dict(fr=None, date=None, doc="one of the 22 quantum entities of the rule announced 2024-05-09",
                            checked="https://m.youyongwang.cn/quantum/5285/a1285903.html"),
    "2020-08-huawei": dict(fr=None, date="2020-08-17", doc="38 Huawei affiliates; effective date from the rule as summarised",
                           checked="https://mohawkglobal.com/trade-talk/bis-adds-38-huawei-affiliates-to-entity-list/"),
    "2021-04-hpc": dict(fr=None, date="2021-04-08", doc="seven supercomputing entities; effective date",
                        checked="https://www.cmtradelaw.com/2021/04/bis-adds-chinese-supercomputing-centers-and-companies-to-entity-list/"),
    "2021-12-amms": dict(fr=None, date="2021-12-17", doc="AMMS and 11 of its institutes; effective date",
                         checked="https://communicationslitigationtoday.com/article/2021/12/17/bis-adds-37-entities-to-entity-list-for-supporting-chinese-iranian-militaries-2112160017"),
    "2022-08": dict(fr="87 FR 51876", date="2022-08-24", doc="FR doc 2022-18268",
                    checked="https://regulations.justia.com/regulations/fedreg/2022/08/24/2022-18268.html"),
    "unverified": dict(fr=None, date=None, doc=None, checked=None),
}

# The 60 academic entries: which rule listed them (only where we checked it). Others: "unverified".
ACADEMIC_RULE = {
    "Academy of Military Medical Sciences": "2021-12-amms",
    "Harbin Institute of Technology": "2020-06-military",
    "National University of Defense Technology (NUDT)": "2015-nudt",
    "Xinjiang Police College": "2019-10-xuar",
    "China Aerospace Science and Industry Corporation Second Academy": "2018-08",
    "China Aerospace Science and Technology Corporation (CASC) 9th Academy 771 Research Institute": "2022-08",
    "China Aerospace Science and Technology Corporation (CASC) 9th Academy 772 Research Institute": "2022-08",
    "China Academy of Space Technology 502 Research Institute": "2022-08",
    "China Academy of Space Technology 513 Research Institute": "2022-08",
    "Harbin Engineering University": "2020-06-military-heu",
    "Beijing Institute of Technology": "2020-12-universities",
    "Beijing University of Posts and Telecommunications (BUPT)": "2020-12-universities",
    "Nanjing University of Aeronautics and Astronautics": "2020-12-universities",
    "Nanjing University of Science and Technology": "2020-12-universities",
    "Tianjin University": "2020-12-universities",
    "Beijing Academy of Artificial Intelligence": "2025-03-baai",
    "University of Science and Technology of China": "2024-05-quantum",
    "Beijing Academy of Quantum Information Sciences": "2024-05-quantum",
    "Chinese Academy of Science, Center for Excellence in Quantum Information and Quantum Physics": "2024-05-quantum",
    "Chinese Academy of Sciences, Institute of Physics": "2024-05-quantum",
}

XUAR_BUREAUS = ["Aksu District", "Altay Municipality", "Bayingolin Mongolian Autonomous Prefecture",
                "Boertala Mongolian Autonomous Prefecture", "Changji Hui Autonomous Prefecture", "Hami Municipality",
                "Hetian Prefecture", "Kashgar Prefecture", "Kelamayi Municipality",
                "Kezilesu Kyrgyz Autonomous Prefecture", "Shihezi Municipality", "Tacheng Prefecture",
                "Tumushuke Municipality", "Turfan Municipality", "Urumqi Municipal", "Wujiaqu Municipality",
                "Xinjiang Uighur Autonomous Region (XUAR) Production and Construction Corps",
                "Yili Kazakh Autonomous Prefecture"]

# Further entities: (name, aliases, type, rule, parent entry id or None)
OTHERS = [
    ("Xinjiang Uighur Autonomous Region (XUAR) People's Government Public Security Bureau",
     ["Xinjiang Public Security Bureau", "XUAR Public Security Bureau", "Xinjiang Public Security Department", "新疆维吾尔自治区公安厅"], "agency", "2019-10-xuar", None),
    *[(f"{b} Public Security Bureau", [], "agency", "2019-10-xuar", "xinjiang-uighur-autonomous-region-xuar-peoples-government-public-security-bureau") for b in XUAR_BUREAUS],
    ("Zhejiang Dahua Technology Co., Ltd.", ["Dahua Technology"], "company", "2019-10-xuar", None),
    ("Hangzhou Hikvision Digital Technology Co., Ltd.", ["Hikvision"], "company", "2019-10-xuar", None),
    ("IFLYTEK Co., Ltd.", ["iFlytek", "iFLYTEK", "Anhui USTC iFLYTEK", "科大讯飞股份有限公司", "科大讯飞"], "company", "2019-10-xuar", None),
    ("Megvii Technology", ["Megvii", "Beijing Megvii Technology Co., Ltd.", "Face++", "旷视科技"], "company", "2019-10-xuar", None),
    ("Beijing SenseTime Technology Development Co., Ltd.", ["SenseTime", "商汤科技"], "company", "2019-10-xuar", None),
    ("Xiamen Meiya Pico Information Co., Ltd.", ["Meiya Pico", "美亚柏科"], "company", "2019-10-xuar", None),
    ("Yitu Technologies", ["Yitu", "Shanghai Yitu Network Technology Co., Ltd.", "依图科技"], "company", "2019-10-xuar", None),
    ("Yixin Science and Technology Co., Ltd.", ["Yixin Technology", "以萨技术"], "company", "2019-10-xuar", None),
    ("Ministry of Public Security's Institute of Forensic Science of China", ["Institute of Forensic Science of China", "Institute of Forensic Science, Ministry of Public Security", "公安部物证鉴定中心"], "institution", "2020-06-xuar", None),
    ("Aksu Huafu Textiles Co.", [], "company", "2020-06-xuar", None),
    ("CloudWalk Technology", ["CloudWalk Technology Co., Ltd.", "云从科技"], "company", "2020-06-xuar", None),
    ("FiberHome Technologies Group", ["FiberHome", "烽火科技集团"], "company", "2020-06-xuar", None),
    ("Nanjing FiberHome Starrysky Communication Development Co.", [], "subsidiary", "2020-06-xuar", "fiberhome-technologies-group"),
    ("NetPosa", ["NetPosa Technologies", "东方网力"], "company", "2020-06-xuar", None),
    ("SenseNets", ["SenseNets Technology", "深网视界"], "subsidiary", "2020-06-xuar", "netposa"),
    ("Intellifusion", ["Shenzhen Intellifusion Technologies", "云天励飞"], "company", "2020-06-xuar", None),
    ("IS'Vision", ["Shanghai IS'Vision Technology", "银晨智能"], "company", "2020-06-xuar", None),
    ("Qihoo 360 Technology Co. Ltd.", ["Qihoo 360", "Qihoo 360 Technology Company", "奇虎360"], "company", "2020-06-military", None),
    ("Beijing Cloudmind Technology Co., Ltd.", ["CloudMinds"], "company", "2020-06-military", None),
    ("Cloudminds (Hong Kong) Limited", [], "subsidiary", "2020-06-military", "beijing-cloudmind-technology-co-ltd"),
    ("Cloudminds Inc.", [], "subsidiary", "2020-06-military", "beijing-cloudmind-technology-co-ltd"),
    ("Kunhai (Yanjiao) Innovation Research Institute", [], "institution", "2020-06-military", None),
    ("Huawei Technologies Co., Ltd.", ["Huawei", "华为技术有限公司"], "company", "2019-05-huawei", None),
    *[(n, [], "subsidiary", "2020-08-huawei", "huawei-technologies-co-ltd") for n in [
        "Huawei Cloud Computing Technology", "Huawei Cloud Beijing", "Huawei Cloud Dalian", "Huawei Cloud Guangzhou",
        "Huawei Cloud Guiyang", "Huawei Cloud Hong Kong", "Huawei Cloud Shanghai", "Huawei Cloud Shenzhen",
        "Huawei OpenLab Suzhou", "Wulanchabu Huawei Cloud Computing Technology", "Huawei Cloud Argentina",
        "Huawei Cloud Brazil", "Huawei Cloud Chile", "Huawei OpenLab Cairo", "Huawei Cloud France",
        "Huawei OpenLab Paris", "Huawei Cloud Berlin", "Huawei OpenLab Munich"]],
    ("China Electronics Technology Group Corporation 13th Research Institute", ["CETC 13", "CETC 13th Research Institute", "Hebei Semiconductor Research Institute"], "institution", "2018-08", "china-electronics-technology-group-corporation"),
    ("China Electronics Technology Group Corporation 14th Research Institute", ["CETC 14", "CETC 14th Research Institute", "Nanjing Research Institute of Electronics Technology"], "institution", "unverified", "china-electronics-technology-group-corporation"),
    ("China Electronics Technology Group Corporation 38th Research Institute", ["CETC 38", "CETC 38th Research Institute", "East China Research Institute of Electronic Engineering"], "institution", "unverified", "china-electronics-technology-group-corporation"),
    ("China Electronics Technology Group Corporation 55th Research Institute", ["CETC 55", "CETC 55th Research Institute", "Nanjing Electronic Devices Institute"], "institution", "unverified", "china-electronics-technology-group-corporation"),
    ("China Electronics Technology Group Corporation 43 Research Institute", ["CETC 43", "CETC 43rd Research Institute"], "institution", "2022-08", "china-electronics-technology-group-corporation"),
    ("China Electronics Technology Group Corporation 58 Research Institute", ["CETC 58", "CETC 58th Research Institute"], "institution", "2022-08", "china-electronics-technology-group-corporation"),
    ("Zhuhai Orbita Control Systems", [], "company", "2022-08", None),
    ("National Supercomputing Center Jinan", [], "institution", "2021-04-hpc", None),
    ("National Supercomputing Center Shenzhen", [], "institution", "2021-04-hpc", None),
    ("National Supercomputing Center Wuxi", [], "institution", "2021-04-hpc", None),
    ("National Supercomputer Center Zhengzhou", [], "institution", "2021-04-hpc", None),
    ("Shanghai High-Performance Integrated Circuit Design Center", [], "institution", "2021-04-hpc", None),
    ("Sunway Microelectronics", [], "company", "2021-04-hpc", None),
    ("Tianjin Phytium Information Technology", ["Phytium"], "company", "2021-04-hpc", None),
]


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:80]


def key(s):
    return re.sub(r"[^\w]+", " ", unicodedata.normalize("NFKC", s).lower()).strip()


def listing(rule, extra=None):
    r = RULES[rule]
    if r["date"] is None and r["doc"]:
        reason = f"{r['doc']} (checked at {r['checked']}); Federal Register citation and listing date not verified (left empty)"
        src = r["checked"]
    elif r["date"] is None:
        reason = "Federal Register citation and listing date not verified (left empty); check the Entity List"
        src = EL_SOURCE
    else:
        cite = r["fr"] or "Federal Register citation not verified"
        reason = f"{cite}; {r['doc']}; date and citation checked at {r['checked']}"
        src = r["checked"] if r["fr"] is None or "federalregister" not in r["checked"] else r["checked"]
    if extra: reason += "; " + extra
    out = dict(list="bis-entity-list", category="Entity List", tier="high")
    if r["date"]: out["start"] = r["date"]
    out["reason"] = reason
    out["source"] = src
    return out


# Two cells of the extract lost the full stop between the last alias and the address; split by hand.
CELL_FIXES = {
    "China Aerospace Science and Technology Corporation (CASC) 8th Academy 811 Research Institute":
        (["811th Institute", "Shanghai Institute of Space Power Sources"], "388 Cang Wu Road, Shanghai; and 2965 Dongchuan Road, Minhang District, Shanghai 200245"),
    "China Aerospace Science and Technology Corporation (CASC) 8th Academy":
        (["Shanghai Academy of Spaceflight Technology (SAST)", "Shanghai Institute of Space"],
         "MOA#8 Academy Shanghai Spaceflight Tower, 222 Cao Xi Road, Shanghai, 200233; and No. 3888 Yuanjiang Road, Minhang District, Shanghai 201109; and No. 2965 Dongchuan Rd Minhang District Shanghai, China"),
}


def parse_cell(name, raw):
    """Entity List cell: 'NAME, a.k.a., the following N aliases: —A; —B; and —C. ADDRESS' → aliases, address."""
    rest = raw[len(name):].lstrip(" ,.") if raw.startswith(name) else raw
    aliases, address = [], rest
    rest = rest.lstrip("; ")
    m = re.match(r"(?:and )?(?:a\.k\.a\.,?\s*)?(?:the following (?:\w+ )?alias(?:es)?:?\s*|(?=—))(.*)", rest)
    if m:
        body = m.group(1)
        parts = re.split(r"(?<=[.;])\s+(?=[A-Z0-9])(?![^—]*—)", body, maxsplit=0)
        # aliases are "—X;" items; the address follows the item ending in '.'
        items = re.findall(r"—\s*([^;—]+?)(?:;|\.(?=\s|$)|$)(?:\s*and)?", body)
        aliases = [re.sub(r"\s+and$", "", i).strip(" ,") for i in items if i.strip()]
        last = body.rfind("—")
        tail = body[last:]
        dot = re.search(r"\.\s+(?=\S)", tail)
        address = tail[dot.end():].strip() if dot else ""
    # names that carry 'and the following two aliases' inside the name field
    m2 = re.search(r",? and the following \w+ alias(?:es)?:?\s*—(.*)$", name)
    clean = name[:m2.start()].strip() if m2 else name
    if clean in CELL_FIXES: return clean, *CELL_FIXES[clean]
    if m2: aliases.insert(0, m2.group(1).strip())
    return clean, [a for a in aliases if a and a != clean], address.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    path = f"{a.out}/entries.jsonl"
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    index = {}
    for i, e in enumerate(rows):
        for n in [e["name"]] + e.get("aliases", []):
            index.setdefault(key(n), i)
    ids = {e["id"] for e in rows}
    zh = {x["name"]: x["zh"] for x in json.load(open(f"{a.sources}/watchlists/us-bis-entity-list-china-academic-zh.json", encoding="utf-8"))}
    extract = json.load(open(f"{a.sources}/watchlists/us-bis-entity-list-china-academic.json", encoding="utf-8"))["entries"]
    todo = []
    for x in extract:
        name, aliases, address = parse_cell(x["name"], x["raw"])
        rule = ACADEMIC_RULE.get(x["name"], ACADEMIC_RULE.get(name, "unverified"))
        if name.startswith("Academy of Military Medical Sciences"): rule = "2021-12-amms"
        l = listing(rule)
        if rule == "unverified": l["source"] = EXTRACT_SOURCE.split(" ")[0]
        if rule == "2024-05-quantum" and ("Center for Excellence" in name or "Institute of Physics" in name): l["reason"] += "; named in https://iwantmyopenid.org/chinas-quantum-tech-core-strength-targeted-by-latest-us-trade-blacklist-chinese-physicists-warn.html?amp=1"
        todo.append((name, aliases, "institution", l, None, address, zh.get(x["name"])))
    for name, aliases, typ, rule, parent in OTHERS:
        todo.append((name, aliases, typ, listing(rule), parent, None, None))
    added = merged = 0
    for name, aliases, typ, l, parent, address, name_zh in todo:
        # merge on the name or a multi-word alias only: acronyms (CSU, ICT) name several institutions
        hit = next((index[key(n)] for n in [name] + [x for x in aliases if " " in key(x)] if key(n) in index), None)
        if hit is not None:
            e = rows[hit]
            if any(x["list"] == "bis-entity-list" for x in e["listings"]): continue
            e["listings"].append(l)
            for al in [name] + aliases:
                if key(al) not in {key(n) for n in [e["name"]] + e.get("aliases", [])}: e.setdefault("aliases", []).append(al)
            if address and not e.get("addresses"): e["addresses"] = [address]
            merged += 1
            continue
        i = slug(name)
        while i in ids: i += "-el"
        ids.add(i)
        e = dict(id=i, name=name)
        if name_zh: e["name_zh"] = name_zh
        e.update(type=typ, country="CN")
        if "Hong Kong" in name: e["country"] = "HK"
        for c, cc in (("Argentina", "AR"), ("Brazil", "BR"), ("Chile", "CL"), ("Cairo", "EG"), ("France", "FR"), ("Paris", "FR"), ("Berlin", "DE"), ("Munich", "DE")):
            if name.endswith(c): e["country"] = cc
        if name == "Cloudminds Inc.": e["country"] = "KY"
        if aliases: e["aliases"] = aliases
        if parent and parent in ids: e["parent"] = parent
        if address: e["addresses"] = [address]
        e["listings"] = [l]
        rows.append(e)
        for n in [name] + aliases: index.setdefault(key(n), len(rows) - 1)
        added += 1
    with open(path, "w", encoding="utf-8") as f:
        for e in rows: f.write(json.dumps(e, ensure_ascii=False) + "\n")
    print(f"{added} entries added, {merged} existing entries given an Entity List listing")


if __name__ == "__main__":
    main()
