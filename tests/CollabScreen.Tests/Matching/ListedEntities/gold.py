# Rows of the ROR gold sets whose publisher-given ROR id is that of a bundled watchlist entry -> goldrows.json
import json, csv, sys
entries = sys.argv[1] if len(sys.argv) > 1 else '../../../../../data/watchlists/entries.jsonl'
ents = [json.loads(l) for l in open(entries)]
ror2 = {}
for e in ents:
    for r in e.get('ror', []): ror2.setdefault(r.rsplit('/', 1)[-1], []).append(e)
import os
# ../shared/data beside the checkout, found from this script's own place in the repo
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../../shared/data/ror-matching-gold/')
rows = []
for f in ['crossref-2023-train.csv', 'springer-nature-2023.csv', 'ror-api-logs-2023-train.csv']:
    for row in csv.DictReader(open(D + f, encoding='utf-8-sig')):
        rid = (row.get('ror_id') or '').rsplit('/', 1)[-1]
        for e in ror2.get(rid, []): rows.append((f, e['id'], row['affiliation']))
json.dump(rows, open('goldrows.json', 'w'))
