import re
rules = [
 (r'tencent', 'tencent-holdings-limited'),
 (r'alibaba|damo acad', 'alibaba-group-holding-limited'),
 (r'\bbaidu', 'baidu-inc'),
 (r'huawei', 'huawei-technologies-co-ltd'),
 (r'\bzte\b', 'zte-corporation'),
 (r'sensetime', 'sensetime-group-inc'),
 (r'megvii', 'beijing-megvii-technology-co-ltd'),
 (r'hikvision', 'hangzhou-hikvision-digital-technology-co-ltd'),
 (r'dahua', 'zhejiang-dahua-technology-co-ltd'),
 (r'\bcrrc\b', 'crrc-corporation-limited'),
 (r'\bbgi\b', 'bgi-group'),
 (r'\bavic\b|aviat(ion)? ind(ustry)? corp', 'aviation-industry-corporation-of-china'),
 (r'\bcetc\b|china elect(ronics)? technol(ogy)? grp|china electronics technology group', 'china-electronics-technology-group-corporation'),
 (r'\bcsic\b|china shipbuilding', 'china-shipbuilding-industry-corporation'),
 (r'\bcssc\b|china state shipbuilding', 'china-state-shipbuilding-corporation'),
 (r'\bcasic\b|aerosp(ace)? sci(ence)? (&|and) ind', 'china-aerospace-science-and-industry-corporation'),
 (r'\bcasc\b|aerosp(ace)? sci(ence)? (&|and) technol(ogy)? corp|china acad(emy)? (of )?space technol|launch vehicle technol|china acad(emy)? (of )?aerosp', 'china-aerospace-science-and-technology-corporation'),
 (r'china telecom', 'china-telecom-group-co-ltd'),
 (r'china unicom|china united network', 'china-united-network-communications-group-co-ltd'),
 (r'china mobile', 'china-mobile-communications-group-co-ltd'),
 (r'\b360\b|qihoo', '360-security-technology-inc'),
 (r'three gorges', 'china-three-gorges-corporation'),
 (r'\bcnnc\b|china natl nucl|china national nuclear|china inst(itute)? (of )?atom', 'china-national-nuclear-corporation'),
 (r'norinco|china north ind', 'china-north-industries-group'),
 (r'\binspur\b', 'inspur-group-co-ltd'),
 (r'\bsmic\b|semicond(uctor)? mfg int', 'semiconductor-manufacturing-international-corporation'),
 (r'\bcomac\b|commercial aircraft corp', 'commercial-aircraft-corporation-of-china'),
 (r'china acad(emy)? (of )?eng(ineerin)?g? phys|\bcaep\b', 'chinese-academy-of-engineering-physics'),
 (r'def(ense|ence)? technol|defen[cs]e technology|\bnudt\b', 'national-university-of-defense-technology'),
 (r'third mil(itary)? med|army med(ical)? univ|daping|xinqiao|southwest hosp', 'army-medical-university'),
 (r'fourth mil(itary)? med|air force (mil(itary)? )?med(ical)? univ|xijing|tangdu', 'air-force-medical-university'),
 (r'second mil(itary)? med|naval med(ical)? univ|navy med(ical)? univ|changhai hosp|changzheng hosp', 'navy-medical-university'),
 (r'acad(emy)? (of )?mil(itary)? sci|mil(itary)? med(ical)? sci', 'academy-of-military-science'),
 (r'air force engn univ|air force engineering univ', 'air-force-engineering-university'),
 (r'army engn(eering)? univ|army engineering univ|ordnance engn coll|pla univ sci', 'army-engineering-university'),
 (r'naval univ(ersity)? (of )?engn|naval univ(ersity)? of engineering|naval engn univ', 'naval-university-of-engineering'),
 (r'naval aviat|navy aviat|naval aeronaut', 'navy-aviation-university'),
 (r'rocket force', 'rocket-force-university-of-engineering'),
 (r'informat(ion)? engn univ|information engineering univ|strategic support', 'information-engineering-university'),
 (r'space engn univ|space engineering univ', 'space-engineering-university'),
 (r'pla gen(eral)? hosp|chinese pla|liberat(ion)? army|\bpla\b', 'PLA?'),
 (r'armed police|\bcapf\b|\bpap\b', 'PAP?'),
 (r'police|public secur', 'POLICE?'),
 (r'natl def(ense)? univ|national defen[cs]e univ', 'national-defense-university'),
 (r'dalian naval|naval acad|naval res acad|navy res', 'naval?'),
 (r'nint|northwest inst(itute)? (of )?nucl', 'northwest-institute-of-nuclear-technology'),
 (r'aerodynam res|aerodynamics research', 'china-aerodynamics-research-and-development-center'),
 (r'army acad|army infantry|army aviat|army command|army serv', 'army?'),
 (r'\bmilitary\b|\bmil\b', 'MIL?'),
 (r'\bnaval\b|\bnavy\b|\barmy\b|air force', 'MILX?'),
]
seen=set()
with open('cand.tsv','w') as out:
  for l in open('pool.tsv'):
    if '\t' not in l: continue
    src,s=l.rstrip('\n').split('\t',1)
    low=s.lower()
    for rx,ent in rules:
        if re.search(rx,low):
            out.write(f'{ent}\t{src}\t{s}\n'); break
