#!/usr/bin/env python3
"""Builds CollabScreen's curated watchlist tables (data/watchlists/lists.jsonl, entries.jsonl, ROR-COVERAGE.md).

Development tool only; the product never runs it. It reads the public source files given by --sources
(a directory laid out like ../shared/data) and the ROR records file, and writes our own table: our ids,
our field names, one listing per list membership with a source URL, ROR ids only where a name matches
exactly (see match_ror). Hand-curated facts (FCC Covered List entities, extra aliases, tranche URLs) live
in this file so they can be reviewed.

    python3 tools/watchlists/build_bundled.py --sources ../shared/data --out data/watchlists
"""
import argparse, csv, gzip, json, re, unicodedata, collections, datetime

RETRIEVED = "2026-11-24"

LISTS = [
    dict(id="aspi-cdut", name="ASPI China Defence Universities Tracker", authority="Australian Strategic Policy Institute (International Cyber Policy Centre)",
         kind="Assessment", version="MISP galaxy china-defence-universities v1",
         description="Think-tank assessment of Chinese universities and institutes engaged in military or security research; categories Seven Sons of National Defence, Military, Security, Defence industry conglomerate, Civilian. Not a legal designation.",
         source="https://unitracker.aspi.org.au/"),
    dict(id="ndaa-1286", name="NDAA FY2019 Section 1286 lists", authority="US Department of Defense (USD(R&E))", kind="LegalDesignation",
         version="FY2022-FY2025 reports",
         description="Foreign institutions of concern for DoD-funded fundamental research (Section 1286 of the John S. McCain NDAA for FY2019, Public Law 115-232): universities, institutes, talent programs.",
         source="https://basicresearch.defense.gov/Programs/Academic-Research-Security/"),
    dict(id="dod-1260h", name="DoD Section 1260H Chinese military companies", authority="US Department of Defense", kind="LegalDesignation",
         version="tranches 2021-06-03 to 2026-06-08",
         description="Entities identified as Chinese military companies operating in the United States (Section 1260H of the NDAA for FY2021), every tranche, with delistings.",
         source="https://www.defense.gov/News/Releases/"),
    dict(id="bis-entity-list", name="BIS Entity List (rows of the CSL sample)", authority="US Department of Commerce, Bureau of Industry and Security", kind="LegalDesignation",
         version="trade.gov CSL sample rows",
         description="Entity List (15 CFR 744 Supp. 4) rows present in the Consolidated Screening List sample; refresh with `collabscreen lists import consolidated.csv --as csl`.",
         source="https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744/appendix-Supplement%20No.%204%20to%20Part%20744"),
    dict(id="bis-mieu", name="BIS Military-Intelligence End User list", authority="US Department of Commerce, Bureau of Industry and Security", kind="LegalDesignation",
         version="2021-03-16",
         description="Military-intelligence end users (15 CFR 744.22). The CSL sample carries no Military End User (MEU) rows; these are the MIEU designations.",
         source="https://www.federalregister.gov/documents/2021/01/15/2021-00977/expansion-of-certain-end-use-and-end-user-controls-and-controls-on-specific-activities-of-us-persons"),
    dict(id="ofac-ns-cmic", name="OFAC Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC)", authority="US Department of the Treasury, OFAC", kind="LegalDesignation",
         version="non-SDN consolidated list sample",
         description="Companies listed under Executive Order 13959 as amended by EO 14032 (program CMIC-EO13959).",
         source="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists/ns-cmic-list"),
    dict(id="fcc-covered", name="FCC Covered List", authority="US Federal Communications Commission", kind="LegalDesignation",
         version="2026-07-28",
         description="Communications equipment and services deemed a national-security risk (Secure and Trusted Communications Networks Act). Only named companies are entries; product-class rows (foreign drones, routers, inverters, robots) are not institutions.",
         source="https://www.fcc.gov/supplychain/coveredlist"),
]

OPENSANCTIONS_1260H = "https://www.opensanctions.org/datasets/us_dod_chinese_milcorps/"
URL_1260H = {  # official PDFs where the source file gives them; otherwise the dataset page we checked it against
    "2025-01-07": "https://media.defense.gov/2025/Jan/07/2003625471/-1/-1/1/ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COMPANIES-OPERATING-IN-THE-UNITED-STATES.PDF",
    "2026-06-08": "https://media.defense.gov/2026/Jun/08/2003945537/-1/-1/1/ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COMPANIES-OPERATING-IN-THE-UNITED-STATES-IN-ACCORDANCE-WITH-SECTION-1260H.PDF",
}
# Section 1286: when each fiscal year's list was published (from the PDF's URL path); None = not in the source.
PUBLISHED_1286 = {"2022": ("2023-06-29", "published 2023-06-29"), "2023": ("2024-07-01", "published July 2024 (day not given; first of month used)"),
                  "2024": (None, "publication date not given in source"), "2025": ("2026-07-01", "published July 2026 (day not given; first of month used)")}

# Hand-curated: FCC Covered List named entities (the list's rows name equipment/services "produced/provided by" them).
FCC = [
    ("Huawei Technologies Company", ["Huawei", "Huawei Technologies Co., Ltd.", "华为技术有限公司", "华为"], "CN", "2021-03-12", "Telecommunications equipment and video surveillance services"),
    ("ZTE Corporation", ["ZTE", "中兴通讯"], "CN", "2021-03-12", "Telecommunications equipment and video surveillance services"),
    ("Hytera Communications Corporation", ["Hytera", "海能达"], "CN", "2021-03-12", "Video surveillance and telecommunications equipment for public safety and security uses"),
    ("Hangzhou Hikvision Digital Technology Company", ["Hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", "海康威视"], "CN", "2021-03-12", "Video surveillance and telecommunications equipment for public safety and security uses"),
    ("Dahua Technology Company", ["Dahua", "Zhejiang Dahua Technology Co., Ltd.", "大华股份"], "CN", "2021-03-12", "Video surveillance and telecommunications equipment for public safety and security uses"),
    ("AO Kaspersky Lab", ["Kaspersky Lab"], "RU", "2022-03-25", "Information security products, solutions and services"),
    ("China Mobile International USA Inc.", [], "US", "2022-03-25", "International telecommunications services (section 214)"),
    ("China Telecom (Americas) Corp.", [], "US", "2022-03-25", "Telecommunications services (section 214)"),
    ("Pacific Networks Corp", ["ComNet (USA) LLC"], "US", "2022-09-20", "International telecommunications services (section 214), with wholly-owned subsidiary ComNet (USA) LLC"),
    ("China Unicom (Americas) Operations Limited", [], "US", "2022-09-20", "International telecommunications services (section 214)"),
    ("Kaspersky Lab, Inc.", [], "US", "2024-07-23", "Cybersecurity and anti-virus software"),
    ("Digitalsystem Technology Inc.", [], None, "2026-07-07", "International telecommunications services (section 214)"),
]
FCC_NONENTITY = 4  # product-class rows (foreign UAS, routers, power inverters, robotic devices)

# Hand-curated extra names (short forms people write) for entries keyed by canonical English name.
EXTRA_ALIASES = {
    "National University of Defense Technology": ["国防科技大学", "国防科学技术大学", "National University of Defence Technology"],
    "Beihang University": ["北航", "Beijing University of Aeronautics & Astronautics"],
    "Nanjing University of Aeronautics and Astronautics": ["南航"],
    "Harbin Institute of Technology": ["哈工大"],
    "Northwestern Polytechnical University": ["西工大"],
    "Beijing Megvii Technology Co., Ltd.": ["北京旷视科技有限公司", "旷视科技"],
    "SenseTime Group, Inc.": ["商汤集团有限公司", "商汤科技"],
    "Hangzhou Hikvision Digital Technology Co., Ltd.": ["杭州海康威视数字技术股份有限公司", "海康威视"],
    "China North Industries Group": ["China North Industries Group Corporation Limited", "NORINCO Group"],
    "China South Industries Group": ["China South Industries Group Corporation", "CSGC"],
    "Renmin University": ["Renmin University of China", "中国人民大学", "People's University of China"],
}

# Hand-curated countries where a list omits them and the name alone is ambiguous between countries
# (the §1286 FY2024 "Institute of High Energy Physics" is the Russian one: its alias names Kurchatov ITEF).
COUNTRY = {"Institute of High Energy Physics": "RU"}

# Hand-verified ROR ids where the list's spelling is not one of ROR's names but ROR's record plainly is the
# institution: ROR 051exe838 is "Army Infantry College of People's Liberation Army", 04tavpn47 is
# "People's Liberation Army Naval Medical University" (formerly Second Military Medical University).
CURATED_ROR = {"Army Infantry College": "https://ror.org/051exe838", "Naval Medical University": "https://ror.org/04tavpn47"}

RISK_TIER = {  # our policy; see data/watchlists/README.md
    "Seven sons of national defence": "high", "Military": "high",
    "Security": "elevated", "Defence industry conglomerate": "elevated",
    "Civilian": "moderate",
}

CJK = re.compile(r"[\u3400-\u9fff]")

def norm(s):
    s = unicodedata.normalize("NFKC", s).casefold().replace("&", " and ")
    s = re.sub(r"[’'`\"“”]", "", s)
    s = re.sub(r"[^\w\u3400-\u9fff]+", " ", s)
    s = re.sub(r"^the ", "", s.strip())
    return re.sub(r"\s+", " ", s).strip()

LEGAL = re.compile(r"\b(co ltd|company limited|co limited|limited|ltd|inc|incorporated|llc|corp|co|company|jsc|pjsc|oao|ooo|ao|plc)\b\s*$")
LEGAL_ZH = re.compile(r"(股份有限公司|有限责任公司|有限公司|公司)$")
def norm_company(s):
    # ROR writes companies as "Megvii (China)"; the country qualifier is not part of the name.
    n = norm(re.sub(r"\s*\((China|Hong Kong|Russia|Iran)\)\s*$", "", s))
    for _ in range(2):
        n = LEGAL.sub("", n).strip()
        n = LEGAL_ZH.sub("", n).strip()
    return n

def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"\(.*?\)", "", s)
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:60] or "entry"

def split_en_zh(value):
    """'Beihang University (北京航空航天大学)' -> ('Beihang University', '北京航空航天大学')."""
    m = re.match(r"^(.*?)\s*[（(]([^()（）]*[\u3400-\u9fff][^()（）]*)[)）]?\s*$", value.strip())
    if m:
        return m.group(1).strip(), m.group(2).strip()
    return value.strip(), None

# ---------------------------------------------------------------- sources

def aspi(path):
    d = json.load(open(path, encoding="utf-8"))
    out = []
    for v in d["values"]:
        meta = v["meta"]
        en, zh = split_en_zh(v["value"])
        cat = meta["categories"][0]
        url = meta["refs"][0]
        aliases = [a for a in meta.get("aliases", []) if a not in (en, zh)]
        e = dict(name=en, name_zh=zh, aliases=aliases, country="CN", type="company" if cat == "Defence industry conglomerate" else "institution",
                 supervising=meta.get("supervising agencies", []),
                 listings=[dict(list="aspi-cdut", category=cat.replace("Seven sons", "Seven Sons").replace("national defence", "National Defence"),
                                tier=RISK_TIER[cat], start=None, end=None, reason=None, source=url)],
                 children=[])
        kids = collections.OrderedDict()
        for key, kind in (("subsidiaries", "subsidiary"), ("major defence laboratories", "laboratory")):
            for raw in meta.get(key, []):
                cen, czh = split_en_zh(raw)
                k = norm(cen)
                if k in kids:
                    if kind not in kids[k]["type"]: kids[k]["type"] += "+" + kind
                    continue
                kids[k] = dict(name=cen, name_zh=czh, aliases=[], country="CN", type=kind, supervising=[],
                               listings=[dict(list="aspi-cdut", category=e["listings"][0]["category"], tier=RISK_TIER[cat], start=None, end=None,
                                              reason=f"{'Subsidiary' if kind == 'subsidiary' else 'Major defence laboratory'} of {en} in the ASPI tracker", source=url)])
        e["children"] = list(kids.values())
        out.append(e)
    return out

def ndaa1286(path):
    groups = collections.OrderedDict()
    for row in csv.DictReader(open(path, encoding="utf-8")):
        name = row["name"].strip()
        extra = []
        m = re.match(r"^(.*\S)\s+\(([A-Z][A-Z0-9&\-]{1,9})\)$", name)  # "Academy of Military Medical Sciences (AMMS)"
        if m:
            name, extra = m.group(1), [m.group(2)]
        k = norm(name)
        # §1286 also names foreign talent programs; they are not institutions.
        kind = "program" if re.search(r"Talent|Plan$|Program|Professorship|Project 5-100", name) else "institution"
        g = groups.setdefault(k, dict(name=name, name_zh=None, aliases=[], country=None, type=kind, supervising=[], listings=[], children=[]))
        for a in extra + re.split(r";\s*", row["aliases"] or ""):
            a = a.strip()
            if a and a not in g["aliases"] and a != name: g["aliases"].append(a)
        if row["country"]:
            g["country"] = {"China": "CN", "Russia": "RU", "Iran": "IR"}.get(row["country"], row["country"])
        fy = row["report-date"]
        start, note = PUBLISHED_1286[fy]
        end = row["end-date"] or None
        if end and len(end) == 4:
            end = None; note += "; source gives a removal year without a date"
        elif end:
            note += f"; removed {end}"
        if row["notes"]: note += "; " + row["notes"]
        g["listings"].append(dict(list="ndaa-1286", category=f"FY{fy} list", tier="high", start=start, end=end, reason=note, source=row["source_url"]))
    return list(groups.values())

def dod1260h(path):
    groups = collections.OrderedDict()
    for row in csv.DictReader(open(path, encoding="utf-8")):
        name = row["Clean Name"].strip()
        g = groups.setdefault(norm(name), dict(name=name, name_zh=None, aliases=[], country="CN", type="company", supervising=[], rows=[], parent_name=None, children=[]))
        for a in [row["Alias"], row["Previous Name"]]:
            for x in re.split(r";\s*", a or ""):
                x = x.strip()
                if x and x not in g["aliases"] and x != name: g["aliases"].append(x)
        if row["Parent Name"]: g["parent_name"] = row["Parent Name"].strip()
        g["rows"].append(row)
    out = []
    for g in groups.values():
        rows = sorted(g.pop("rows"), key=lambda r: r["Start date"])
        # One listing per continuous designation: tranches run on until a row carries an end date (delisting).
        periods, cur = [], None
        for r in rows:
            if cur is None or (cur["end"] and r["Start date"] >= cur["end"]):
                cur = dict(start=r["Start date"], end=None, tranches=[], notes=[], url=None)
                periods.append(cur)
            cur["tranches"].append(r["Start date"])
            if r["End date"]: cur["end"] = r["End date"]
            if r["Note"] and r["Note"] not in cur["notes"]: cur["notes"].append(r["Note"])
            cur["url"] = r["Source Url"] or URL_1260H.get(r["Start date"]) or cur["url"]
        g["listings"] = []
        for p in periods:
            reason = "tranches " + ", ".join(p["tranches"])
            if p["end"]: reason += f"; delisted {p['end']}"
            if p["notes"]: reason += "; " + " ".join(p["notes"])
            g["listings"].append(dict(list="dod-1260h", category="Chinese military company", tier="high", start=p["start"], end=p["end"], reason=reason,
                                      source=p["url"] or OPENSANCTIONS_1260H))
        out.append(g)
    return out

# Entity List rows that name people (the CSL sample leaves their `type` empty). We screen institutions only.
CSL_PEOPLE = {"A.H. Shamnad", "Gulnihal Yegane", "Gunther Migeotte"}

def csl_entity_list(path):
    out = collections.OrderedDict()
    for row in csv.DictReader(open(path, encoding="utf-8")):
        if not row["source"].startswith("Entity List"):
            continue
        name = row["name"].strip()
        if name in CSL_PEOPLE:
            continue
        country = row["addresses"].strip().split(",")[-1].strip() if row["addresses"].strip() else None
        k = norm(name)
        listing = dict(list="bis-entity-list", category="Entity List", tier="high", start=row["start_date"] or None, end=row["end_date"] or None,
                       reason=f"{row['federal_register_notice'].strip()}; license policy: {row['license_policy'].strip() or 'n/a'}",
                       source=LISTS[3]["source"])
        if k in out:  # same party at several addresses: one entry, one listing per distinct start date
            if all(l["start"] != listing["start"] for l in out[k]["listings"]): out[k]["listings"].append(listing)
            continue
        aliases = [a.strip() for a in row["alt_names"].split(";") if a.strip()]
        m = re.match(r"^(.*\S)\s+\(([A-Z][A-Z0-9&\-]{1,9})\)$", name)  # "Gulf Eagle Contracting (GEC)"
        if m:
            name, aliases = m.group(1), [m.group(2)] + aliases
        out[k] = dict(name=name, name_zh=None, aliases=aliases, country=country if country and len(country) == 2 else None,
                      type="organisation" if row["type"] != "Individual" else "person", supervising=[], listings=[listing], children=[])
    # The Entity List names people too; we screen institutions only.
    return [e for e in out.values() if e["type"] != "person"]

def bis_mieu(path):
    out = []
    for row in csv.DictReader(open(path, encoding="utf-8")):
        out.append(dict(name=row["Name"].strip(), name_zh=None, aliases=[a.strip() for a in row["Alias"].split(";") if a.strip()],
                        country=row["Country"] or None, type="agency", supervising=[],
                        listings=[dict(list="bis-mieu", category="Military-intelligence end user", tier="high", start=row["Date"] or None,
                                       end=row["End date"] or None, reason="15 CFR 744.22", source=row["Source URL"] or LISTS[4]["source"])], children=[]))
    return out

def ofac_cmic(folder):
    def rows(name):
        text = open(f"{folder}/{name}", encoding="latin-1").read().replace("\x1a", "")
        return [r for r in csv.reader(text.splitlines()) if len(r) > 1]
    nul = lambda v: None if v.strip() in ("-0-", "") else v.strip()
    prim = {r[0]: r for r in rows("ofac-nonsdn-cons_prim.csv") if "CMIC" in r[3]}
    alts = collections.defaultdict(list)
    for r in rows("ofac-nonsdn-cons_alt.csv"):
        if r[0] in prim and nul(r[3]): alts[r[0]].append(r[3].strip())
    country = {}
    for r in rows("ofac-nonsdn-cons_add.csv"):
        if r[0] in prim and nul(r[4]): country.setdefault(r[0], nul(r[4]))
    months = {m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
    out = []
    for uid, r in prim.items():
        remarks = r[11] or ""
        m = re.search(r"Listing Date \(CMIC\) (\d\d) (\w{3}) (\d{4})", remarks)
        start = f"{m.group(3)}-{months[m.group(2)]:02d}-{m.group(1)}" if m else None
        aliases = list(alts[uid])
        aliases += [a for a in re.findall(r"a\.k\.a\. '([^']+)'", remarks) if a not in aliases]
        linked = re.search(r"Linked To: ([^;.]+(?:\.,? ?[^;.]+)*)\.?$", remarks)
        c = {"China": "CN", "Hong Kong": "HK"}.get(country.get(uid) or "", None)
        out.append(dict(name=titlecase(r[1]), name_zh=None, aliases=aliases, country=c or "CN", type="company", supervising=[],
                        listings=[dict(list="ofac-ns-cmic", category="NS-CMIC", tier="high", start=start, end=None,
                                       reason=f"OFAC entity {uid}; program {r[3]}" + (f"; linked to {linked.group(1).strip()}" if linked else ""),
                                       source=LISTS[5]["source"])], children=[]))
    return out

SMALL = {"of", "and", "the", "for", "in", "de"}
def titlecase(s):
    words = s.lower().split(" ")
    return " ".join(w if (i and w in SMALL) else (w[:1].upper() + w[1:]) for i, w in enumerate(words)).replace("Co., Ltd.", "Co., Ltd.")

def fcc():
    return [dict(name=n, name_zh=None, aliases=a, country=c, type="company", supervising=[],
                 listings=[dict(list="fcc-covered", category="Covered List", tier="high", start=d, end=None, reason=r, source=LISTS[6]["source"])], children=[])
            for n, a, c, d, r in FCC]

# ---------------------------------------------------------------- ROR

def load_ror(path):
    recs = {}
    for line in gzip.open(path, "rt", encoding="utf-8"):
        d = json.loads(line)
        if "names" in d:
            names = [(n["value"], "acronym" if "acronym" in n["types"] else "name") for n in d["names"]]
            cc = d["locations"][0]["geonames_details"]["country_code"] if d.get("locations") else None
            rel = [(r["type"].lower(), r["id"]) for r in d.get("relationships", [])]
        else:
            names = [(d["name"], "name")] + [(a, "name") for a in d.get("aliases", [])] + [(l["label"], "name") for l in d.get("labels", [])] + [(a, "acronym") for a in d.get("acronyms", [])]
            cc = (d.get("country") or {}).get("country_code")
            rel = [(r["type"].lower(), r["id"]) for r in d.get("relationships", [])]
        recs[d["id"]] = dict(id=d["id"], names=names, country=cc, status=d.get("status", "active"), rel=rel)
    by_name = collections.defaultdict(set)
    by_company = collections.defaultdict(set)
    by_brand = collections.defaultdict(set)  # "tencent" for "Tencent (China)": one word, then the country only
    for r in recs.values():
        for v, kind in r["names"]:
            if kind == "acronym": continue
            by_name[norm(v)].add(r["id"])
            by_company[norm_company(v)].add(r["id"])
            if m := re.fullmatch(r"\s*(\S+)\s*\([^()]+\)\s*", v):
                by_brand[norm(m.group(1))].add(r["id"])
    return recs, by_name, by_company, by_brand

def distinctive(name):
    n = norm(name)
    return bool(CJK.search(n)) and len(n) >= 4 or len(n.split()) >= 2 or len(n) >= 6

def zh_parts(name_zh):
    """The Chinese names in a name_zh field; the tracker sometimes writes "XJTLU, 西交利物浦大学"."""
    return [p.strip() for p in re.split(r"[,，]", name_zh or "") if CJK.search(p)]

def match_ror(e, ror, parent_ror=None):
    """Exact (normalised) name match, country agreeing, exactly one active candidate; a wrong id is worse than none."""
    recs, by_name, by_company, by_brand = ror
    def cands(names, company):
        found = set()
        for n in names:
            if not n or not distinctive(n): continue
            found |= by_name.get(norm(n), set())
            if company and (len(norm_company(n).split()) >= 2 or len(CJK.findall(norm_company(n))) >= 4):
                found |= by_company.get(norm_company(n), set())
            # A one-word brand ("Tencent", "ZTE Corporation") is ROR's company name without its country ("Tencent (China)", "ZTE (China)").
            if company and len(brand := re.sub(r" corporation$", "", norm_company(n))) >= 3 and len(brand.split()) == 1 and (len(norm(n)) >= 6 or brand != norm(n)):
                found |= by_brand.get(brand, set())
        ok = set()
        for rid in found:
            r = recs[rid]
            if r["status"] != "active": continue
            if e["country"] and r["country"] and r["country"] != e["country"] and not ({e["country"], r["country"]} <= {"CN", "HK", "MO"}): continue
            ok.add(rid)
        return ok
    company = e["type"] in ("company", "subsidiary")
    primary = cands([e["name"], e["name_zh"]], company)
    if len(primary) == 1:
        c = primary
    elif len(primary) > 1:
        return None, "ambiguous: " + ", ".join(sorted(primary))
    else:
        # Aliases: only full names (acronyms never), and only when every alias that matches agrees on one record.
        # Companies: a group's short name ("China Telecom") also names its listed subsidiary, so only one-word
        # brand aliases ("Megvii", "Hikvision") may match.
        aliases = [a for a in e["aliases"] if not re.fullmatch(r"[A-Z0-9\-&.]{2,8}", a)]
        if company: aliases = [a for a in aliases if len(norm(a).split()) == 1 and not CJK.search(a)]
        c = cands(aliases, company)
        if len(c) > 1:
            return None, "ambiguous alias: " + ", ".join(sorted(c))
    if not c:
        return None, "no exact name match in the registry file"
    rid = next(iter(c))
    english = [n for n in [e["name"]] + e["aliases"] if n and not CJK.search(n)]
    ror_english = set()
    for v, _ in recs[rid]["names"]:
        if not CJK.search(v):
            ror_english |= {norm(v), norm_company(v), re.sub(r"^(pla|chinese peoples liberation army) ", "", norm(v))}
    if e["type"] not in ("subsidiary", "laboratory", "subsidiary+laboratory") and english and not any(norm(n) in ror_english or norm_company(n) in ror_english for n in english):
        # Matched on the Chinese name only while no English name agrees: ROR records are sometimes conflated
        # (黑龙江工程学院 under "Heilongjiang University of Science and Technology"); leave it unassigned.
        return None, f"only the Chinese name matches {rid}, whose English names differ"
    if e["type"] in ("subsidiary", "laboratory", "subsidiary+laboratory") and parent_ror:
        # Children have generic names ("Institute of Systems Engineering"); accept only a Chinese-name match,
        # a State Key Laboratory (nationally unique names), or a record ROR itself links to the parent.
        linked = any(t in ("parent",) and pid == parent_ror for t, pid in recs[rid]["rel"])
        zh_hit = any(rid in by_name.get(norm(z), set()) for z in zh_parts(e["name_zh"]))
        if not (linked or zh_hit or norm(e["name"]).startswith("state key laboratory")):
            return None, "child entry: name matches " + rid + " but ROR does not link it to the parent"
    elif e["type"] in ("subsidiary", "laboratory", "subsidiary+laboratory"):
        if not any(rid in by_name.get(norm(z), set()) for z in zh_parts(e["name_zh"])):
            return None, "child entry without parent ROR id: not assigned"
    return rid, None

# ---------------------------------------------------------------- merge and write

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    s = a.sources.rstrip("/")
    ror = load_ror(f"{s}/ror/ror-records.jsonl.gz")
    batches = [aspi(f"{s}/watchlists/aspi-china-defence-universities.misp.json"),
               ndaa1286(f"{s}/watchlists/us-ndaa-section-1286.csv"),
               dod1260h(f"{s}/watchlists/us-dod-1260h.csv"),
               csl_entity_list(f"{s}/watchlists/us-trade-csl-sample.csv"),
               bis_mieu(f"{s}/watchlists/us-bis-mieu.csv"),
               ofac_cmic(f"{s}/watchlists"),
               fcc()]
    for batch in batches:
        for e in batch:
            e["country"] = e["country"] or COUNTRY.get(e["name"])
            e["aliases"] += [x for x in EXTRA_ALIASES.get(e["name"], []) if x not in e["aliases"]]

    entries, by_key, by_alias, misses, merged_by_alias = [], {}, {}, [], []
    ids = set()
    def new_id(e, parent=None):
        base = (parent["id"] + "/" if parent else "") + slug(e["name"])
        i, n = base, 2
        while i in ids: i, n = f"{base}-{n}", n + 1
        ids.add(i)
        return i
    def keys(e):
        ks = [("n", norm(e["name"]))]
        if e["type"] in ("company",): ks.append(("c", norm_company(e["name"])))
        if e.get("ror"): ks.insert(0, ("r", e["ror"]))
        return ks
    def add(e, parent=None):
        rid, why = (CURATED_ROR[e["name"]], None) if e["name"] in CURATED_ROR else match_ror(e, ror, parent.get("ror") if parent else None)
        e["ror"] = rid
        # Same institution on several lists: one entry, several listings. Same ROR id or same exact name only.
        hit = None
        for k in keys(e):
            if k in by_key: hit = by_key[k]; break
        if hit is None:
            # A list's full alias equal to another entry's name (e.g. §1286 "Naval Submarine Academy", alias
            # "Navy Submarine Academy" = ASPI's name) is the same institution if the countries agree.
            for a in e["aliases"]:
                if len(norm(a).split()) < 3: continue
                h = by_key.get(("n", norm(a)))
                if h is not None and (not e["country"] or not h["country"] or e["country"] == h["country"]) and (parent is None) == (h.get("parent") is None):
                    hit = h; merged_by_alias.append((e["name"], h["name"]))
                    # A renamed company ("CETC Digital Technology Co., Ltd. (formerly Shanghai East China Computer
                    # Co., Ltd.)") is known by its newer name; the old one stays an alias.
                    latest = lambda x: max((l.get("start") or "") for l in x["listings"])
                    if latest(e) > latest(h) and norm(h["name"]) in {norm(x) for x in e["aliases"]}:
                        h["aliases"] = [x for x in h["aliases"] if x != e["name"]] + [h["name"]]
                        h["name"] = e["name"]
                    break
        if hit is None and len(norm(e["name"]).split()) >= 3:
            h = by_alias.get(norm(e["name"]))
            if h is not None and (not e["country"] or not h["country"] or e["country"] == h["country"]) and (parent is None) == (h.get("parent") is None):
                hit = h; merged_by_alias.append((e["name"], h["name"]))
        if hit is not None:
            if parent is not None and hit.get("parent") is None and hit is not parent and parent.get("parent") != hit["id"]:
                hit["parent"] = parent["id"]
            for l in e["listings"]: hit["listings"].append(l)
            for x in [e["name"]] + e["aliases"] + ([e["name_zh"]] if e["name_zh"] else []):
                if x and x != hit["name"] and x != hit.get("name_zh") and x not in hit["aliases"]: hit["aliases"].append(x)
            hit["name_zh"] = hit.get("name_zh") or e["name_zh"]
            hit["country"] = hit["country"] or e["country"]
            hit["supervising"] = hit["supervising"] or e["supervising"]
            if not hit.get("ror") and rid: hit["ror"] = rid
            if e.get("parent_name") and not hit.get("parent_name"): hit["parent_name"] = e["parent_name"]
            for k in keys(e): by_key.setdefault(k, hit)  # so children naming this spelling as parent find it
            return hit
        e["id"] = new_id(e, parent)
        e["parent"] = parent["id"] if parent else None
        e["why_no_ror"] = why
        entries.append(e)
        for k in keys(e): by_key.setdefault(k, e)
        for a in e["aliases"]:
            if len(norm(a).split()) >= 3: by_alias.setdefault(norm(a), e)
        return e
    for batch in batches:
        # A tracker entry that is also another entry's subsidiary stays a top-level entry: add top levels first.
        tops = [(add(e), e.pop("children", [])) for e in batch]
        for top, kids in tops:
            for k in kids:
                add(k, top)
    # Parent links named by the lists (1260H "Parent Name"): link to the entry with that exact name if we have it.
    unresolved_parents = []
    for e in entries:
        pn = e.pop("parent_name", None)
        if pn and not e.get("parent"):
            pn = re.sub(r"\s+\([A-Z][A-Z0-9&\-]{1,9}\)$", "", pn)  # "... Corporation Limited (CASIC)"
            p = by_key.get(("n", norm(pn))) or by_key.get(("c", norm_company(pn))) or by_alias.get(norm(pn))
            if p is not None and p is not e:
                e["parent"] = p["id"]
            else:
                e["parent_name"] = pn
                unresolved_parents.append((e["name"], pn))

    with open(f"{a.out}/lists.jsonl", "w", encoding="utf-8") as f:
        for l in LISTS:
            f.write(json.dumps(dict(id=l["id"], name=l["name"], authority=l["authority"], kind=l["kind"], version=l["version"],
                                    retrieved=RETRIEVED, source=l["source"], description=l["description"]), ensure_ascii=False) + "\n")
    with open(f"{a.out}/entries.jsonl", "w", encoding="utf-8") as f:
        for e in entries:
            rec = dict(id=e["id"], name=e["name"])
            if e.get("name_zh"): rec["name_zh"] = e["name_zh"]
            rec["type"] = e["type"]
            if e.get("country"): rec["country"] = e["country"]
            if e.get("aliases"): rec["aliases"] = e["aliases"]
            if e.get("ror"): rec["ror"] = [e["ror"]]
            if e.get("parent"): rec["parent"] = e["parent"]
            if e.get("parent_name"): rec["parent_name"] = e["parent_name"]
            if e.get("supervising"): rec["supervising_agencies"] = e["supervising"]
            rec["listings"] = [{k: v for k, v in l.items() if v is not None} for l in e["listings"]]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    got = [e for e in entries if e.get("ror")]
    with open(f"{a.out}/ROR-COVERAGE.md", "w", encoding="utf-8") as f:
        f.write("# ROR coverage of the bundled watchlist entries\n\n")
        f.write("Generated by `tools/watchlists/build_bundled.py` against the shared ROR records file (51,370 records, release v2.9).\n")
        f.write("A ROR id is assigned only on an exact (normalised) name match with agreeing country and exactly one active candidate;\n")
        f.write("child entries (labs, subsidiaries) additionally need a Chinese-name match, a State Key Laboratory name, or ROR's own parent link.\n\n")
        f.write(f"**{len(got)} of {len(entries)} entries have a ROR id** ({len(entries) - len(got)} without).\n\n")
        per = collections.Counter(); per_all = collections.Counter()
        for e in entries:
            for l in {l["list"] for l in e["listings"]}:
                per_all[l] += 1
                if e.get("ror"): per[l] += 1
        aspi_top = [e for e in entries if any(l["list"] == "aspi-cdut" and not l.get("reason") for l in e["listings"])]
        f.write(f"ASPI tracker institutions (top level): {sum(1 for e in aspi_top if e.get('ror'))} of {len(aspi_top)} have a ROR id; "
                f"the others are absent from the shared registry file (see the table below).\n\n")
        f.write("| list | entries | with ROR id |\n|---|---|---|\n")
        for l in LISTS: f.write(f"| {l['id']} | {per_all[l['id']]} | {per[l['id']]} |\n")
        f.write("\n## Entries without a ROR id\n\nMost are not in the shared registry file (which holds 51k of ROR's ~120k records) or are companies, labs or agencies ROR does not list.\n\n")
        f.write("| id | name | lists | why |\n|---|---|---|---|\n")
        for e in entries:
            if not e.get("ror"):
                f.write(f"| {e['id']} | {e['name'].replace('|', '/')} | {', '.join(sorted({l['list'] for l in e['listings']}))} | {e.get('why_no_ror') or ''} |\n")
        if unresolved_parents:
            f.write("\n## Parents named by a list but not themselves an entry\n\nKept as `parent_name` on the child.\n\n")
            for c, p in unresolved_parents: f.write(f"- {c} → {p}\n")
    for a, b in merged_by_alias: print(f"merged by alias: {a} -> {b}")
    print(f"{len(entries)} entries, {len(got)} with ROR id, {len(unresolved_parents)} unresolved parents")

if __name__ == "__main__":
    main()
