import re, gzip, json, csv, glob, os
out = {}
def add(src, s):
    s = s.strip()
    if s and s not in out: out[s] = src
# ../shared/data beside the checkout, found from this script's own place in the repo
D=os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../../shared/data')
for f in sorted(glob.glob(D+'/exports/wos-*.txt')):
    name=os.path.basename(f)
    lines=open(f,encoding='utf-8-sig',errors='replace').read().split('\n')
    if 'tabdelim' in name:
        hdr=lines[0].split('\t')
        for col in ('C1','C3'):
            if col not in hdr: continue
            i=hdr.index(col)
            for l in lines[1:]:
                p=l.split('\t')
                if len(p)>i:
                    for a in p[i].split(';'):
                        add(name, re.sub(r'^\[[^\]]*\]\s*','',a))
        continue
    field=None
    for l in lines:
        if l[:2].strip() and l[2:3]==' ': field=l[:2]; val=l[3:]
        elif l.startswith('   '): val=l[3:]
        else: field=None; continue
        if field in ('C1','C3'):
            a=re.sub(r'^\[[^\]]*\]\s*','',val)
            if field=='C3':
                for x in a.split(';'): add(name+':C3',x)
            else: add(name,a)
for f,col in [('crossref-2023-train.csv','affiliation'),('springer-nature-2023.csv','affiliation'),('ror-api-logs-2023-train.csv',None)]:
    with open(D+'/ror-matching-gold/'+f,encoding='utf-8') as fh:
        r=csv.reader(fh); hdr=next(r)
        i = hdr.index(col) if col in hdr else 0
        for row in r:
            if len(row)>i: add(f,row[i])
with gzip.open(D+'/openalex/works-sample-2022schema.jsonl.gz','rt') as fh:
    for l in fh:
        w=json.loads(l)
        for a in w.get('authorships',[]):
            if a.get('raw_affiliation_string'): add('openalex-2022',a['raw_affiliation_string'])
for f in glob.glob(D+'/openalex/current-schema/*.json'):
    j=json.load(open(f))
    res = j.get('results',[j]) if isinstance(j,dict) else j
    for w in res:
        for a in w.get('authorships',[]) or []:
            for s in a.get('raw_affiliation_strings',[]) or []: add('openalex-current:'+os.path.basename(f),s)
with open('pool.tsv','w') as fh:
    for s,src in out.items(): fh.write(src+'\t'+s.replace('\t',' ')+'\n')
print(len(out))
