# Initial sync of every table of the database with python-ovs's IDL (ovs.db.idl.Idl), timed
# in-process (IDL creation to the last expected row). Prints "seconds rows max_rss_kb".
# Usage: /usr/bin/python3 python-idl.py REMOTE SCHEMA_FILE EXPECTED_ROWS
import resource
import sys
import time

import ovs.db.idl
import ovs.poller

remote, schema_file, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
helper = ovs.db.idl.SchemaHelper(schema_file)
helper.register_all()
start = time.monotonic()
idl = ovs.db.idl.Idl(remote, helper)


def rows():
    return sum(len(t.rows) for t in idl.tables.values())


while True:
    idl.run()
    if rows() >= expected:
        break
    poller = ovs.poller.Poller()
    idl.wait(poller)
    poller.block()
elapsed = time.monotonic() - start
rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{elapsed:.4f} {rows()} {rss_kb}")
idl.close()
