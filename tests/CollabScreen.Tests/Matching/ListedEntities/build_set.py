import re, json, csv
rows = [l.rstrip('\n').split('\t') for l in open('cand.tsv')]
gold = json.load(open('goldrows.json'))
ents = {json.loads(l)['id']: json.loads(l) for l in open('../../../../../data/watchlists/entries.jsonl')}
out = []; seen = set()
def add(kind, entry, cat, src, s):
    s = ' '.join(s.split())
    if s in seen: return
    seen.add(s); out.append((kind, entry, cat, src.split(':')[0], s))
# 1. publisher-labelled gold rows (ROR id of a China entry that is not ASPI-Civilian-only), kept when the string itself names the entity
skip_gold = {'Beijing Advanced Innovation Center for Big Data-Based Precision Medicine, Beijing, China',
             'State Key Laboratory of Toxicology and Medical Countermeasures, Beijing, China'}
catof = lambda e: ('company' if ents[e].get('type') == 'company' else
    'pla' if any(x.get('category') == 'Military' for x in ents[e]['listings']) else
    'defence-university' if any(x.get('category') == 'Seven Sons of National Defence' for x in ents[e]['listings']) else 'designated-university')
for f, eid, a in gold:
    e = ents[eid]; cats = {x.get('category') for x in e['listings']}
    if e.get('country') != 'CN' or 'Civilian' in cats or ' '.join(a.split()) in skip_gold: continue
    if eid.startswith('academy-of-military-science/'): eid = 'academy-of-military-science'
    if eid == 'china-electronics-technology-group-corporation' and a.startswith('54th'): eid += '|54th-research-institute-of-china'
    add('listed', eid, 'group-unit' if ents[eid.split('|')[0]].get('type') == 'company' and re.search(r'Institute|Inst', a) else catof(eid.split('|')[0]), f, a)
# 2. grep candidates, labelled by reading (see README): pattern -> entry, or trap of a look-alike entry
label = [
 (r'^Acad Mil Sci China, .*Natl Inst Def Technol Innovat', 'listed', 'academy-of-military-science', 'pla'),
 (r'^Natl Def Univ, Coll Mech Engn', None, None, None),          # NUDT's college under a wrong name: ambiguous, left out
 (r'National Defense University, Taipei', 'trap', 'national-defense-university', 'other-listed-ok'),
 (r'^Xijing Univ', 'trap', 'air-force-medical-university', 'nothing-listed'),
 (r'Army Mil Med Univ|Army Mil Univ', 'listed', 'army-medical-university', 'pla'),
 (r'Engn Univ Armed Police Force, .*Langfang', 'listed', 'engineering-university-of-the-capf|china-peoples-police-university', 'pap'),
 (r'Armed Police Force Engn Univ|Engineering University of PAP|Engn Coll CAPF', 'listed', 'engineering-university-of-the-capf', 'pap'),
 (r'Navy Univ Engn', 'listed', 'naval-university-of-engineering', 'pla'),
 (r'Ordnance Engn Coll, Shijiazhuang', 'listed', 'army-engineering-university', 'pla'),
 (r'Changhai Hosp|Changzheng Hosp', 'listed', 'navy-medical-university', 'pla'),
 (r'China Inst(itute of)? Atom', None, None, None),              # CNNC's institute, but no list or registry link here says so
 (r'Three Gorges', 'trap', 'china-three-gorges-corporation', 'nothing-listed'),
 (r'FHI 360', 'trap', '360-security-technology-inc', 'nothing-listed'),
 (r'Avicenne', 'trap', 'aviation-industry-corporation-of-china', 'nothing-listed'),
 (r'Purification Equipment Research Institute of CSIC|China Shipbuilding', 'listed', 'china-shipbuilding-industry-corporation', 'group-unit'),
 (r'CSIC', 'trap', 'china-shipbuilding-industry-corporation', 'nothing-listed'),
 (r'CSSC', 'listed', 'china-state-shipbuilding-corporation|guangzhou-wenchong-shipyard-co-ltd', 'group-unit'),
 (r'China Telecom', 'listed', 'china-telecom-group-co-ltd|china-telecom-corporation-limited|china-telecommunications-corporation', 'company'),
 (r'China Unicom', 'listed', 'china-united-network-communications-group-co-ltd', 'company'),
 (r'COMAC', 'listed', 'commercial-aircraft-corporation-of-china|shanghai-aircraft-manufacturing-co-ltd', 'group-unit'),
 (r'BGI', 'listed', 'bgi-group|bgi-genomics-co-ltd', 'company'),
 (r'CRRC', 'listed', 'crrc-corporation-limited', 'company'),
 (r'Tencent', 'listed', 'tencent-holdings-limited', 'company'),
 (r'Alibaba', 'listed', 'alibaba-group-holding-limited', 'company'),
 (r'SenseTime', 'listed', 'sensetime-group-inc', 'company'),
 (r'Dahua', 'listed', 'zhejiang-dahua-technology-co-ltd', 'company'),
 (r'^ZTE', 'listed', 'zte-corporation', 'company'),
 (r'AVIC', 'listed', 'aviation-industry-corporation-of-china', 'group-unit'),
 (r'CASIC|Aerosp Sci & Ind', 'listed', 'china-aerospace-science-and-industry-corporation', 'group-unit'),
 (r'Naval Architecture|Naval Archite', 'trap', 'naval-university-of-engineering', 'other-listed-ok'),
 (r'US Army|U\.S\. Army|United States Army|States Army|Army Res Lab|Army Research Lab|Walter Reed Army|Tripler Army', 'trap', 'army-research-institute', 'nothing-listed'),
 (r'Naval Res|Naval Research|Naval Postgrad|Naval Academy|Naval Surface', 'trap', 'naval-research-academy', 'nothing-listed'),
 (r'Air Force Res|Air Force Acad|States Air Force', 'trap', 'air-force-research-institute', 'nothing-listed'),
 (r'Mil Univ Technol|Military University of Technology', 'trap', 'army-engineering-university', 'nothing-listed'),
 (r'Korea Mil Acad|Royal Military|Virginia Military|Gulhane|Mil Inst Sci & Technol|Military Institute of Engineering|Military Engineering Institute|Mil Med Acad|Military Academy at', 'trap', 'academy-of-military-science', 'nothing-listed'),
 (r'Osaka Police', 'trap', 'china-peoples-police-university', 'nothing-listed'),
]
for ent, src, s in rows:
    for rx, kind, entry, cat in label:
        if re.search(rx, s):
            if kind: add(kind, entry, cat, src, s)
            break
    else:
        if ent.endswith('?') : continue
        if ent in ('national-university-of-defense-technology','army-medical-university','air-force-medical-university','navy-medical-university','academy-of-military-science','air-force-engineering-university','army-engineering-university','rocket-force-university-of-engineering','information-engineering-university','china-aerodynamics-research-and-development-center','chinese-academy-of-engineering-physics'):
            add('listed', ent, 'pla', src, s)
        elif ent == 'china-electronics-technology-group-corporation':
            add('listed', ent, 'group-unit', src, s)
# 3. other look-alikes found by grep of the brand words (Huaiyin/Huawei, SZTE/ZTE, Djillali/DJI, Cascais/CASC)
for l in open('pool.tsv'):
    if '\t' not in l: continue
    src, s = l.rstrip('\n').split('\t', 1)
    if re.search(r'Huaiyin', s): add('trap', 'huawei-technologies-co-ltd', 'nothing-listed', src, s)
    elif re.search(r'^SZTE$', s): add('trap', 'zte-corporation', 'nothing-listed', src, s)
    elif re.search(r'Djillali', s): add('trap', 'shenzhen-dji-innovation-technology-co-ltd', 'nothing-listed', src, s)
    elif re.search(r'Cascais', s): add('trap', 'china-aerospace-science-and-technology-corporation', 'nothing-listed', src, s)
with open('listed-entities.tsv', 'w') as f:
    f.write('expect\tentry\tcategory\tsource\taffiliation\n')
    for r in out: f.write('\t'.join(r) + '\n')
import collections
print(collections.Counter((r[0], r[2]) for r in out))
print(sum(1 for r in out if r[0]=='listed'), sum(1 for r in out if r[0]=='trap'))
