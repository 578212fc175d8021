# Initial sync of one table with python-ovs's IDL (ovs.db.idl.Idl), timed in-process.
# Usage: /usr/bin/python3 python-idl.py REMOTE SCHEMA_FILE TABLE EXPECTED_ROWS
import resource
import sys
import time

import ovs.db.idl
import ovs.poller

remote, schema_file, table, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
helper = ovs.db.idl.SchemaHelper(schema_file)
helper.register_table(table)
start = time.monotonic()
idl = ovs.db.idl.Idl(remote, helper)
while True:
    idl.run()
    if len(idl.tables[table].rows) >= expected:
        break
    poller = ovs.poller.Poller()
    idl.wait(poller)
    poller.block()
elapsed = time.monotonic() - start
rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{elapsed:.4f} {len(idl.tables[table].rows)} {rss_kb}")
idl.close()
