#!/usr/bin/env python3
"""The inventory race of the CoAgent demo, played by real agent processes over the PostgreSQL
wire protocol (psycopg2 or psycopg 3).

Two agents share a stock row. The restock agent (the lower rank) adds 5; the orders agent
(the higher rank) read the stock before that landed and sold 3 from what it saw. MTPO tells the
orders agent, as a PostgreSQL notification on channel "coagent": it undoes its sale, re-reads and
sells again, so the committed state equals the serial run (restock, then orders): 10 + 5 - 3 = 12.

Run one process per agent:
    python3 inventory_race.py restock --port 5433
    python3 inventory_race.py orders  --port 5433
Each prints one line per step; a controller (the server's test, or you) sends a line on stdin to
let the restock agent write and then commit, so the race happens in the order above.
Ranks are reserved up front by an operator: CALL SYS.LAUNCH('restock, orders').
"""
import argparse
import json
import select
import sys


def connect(args):
    dsn = f"host=127.0.0.1 port={args.port} dbname={args.db} user={args.agent} sslmode=disable"
    if args.driver == "psycopg":
        import psycopg
        conn = psycopg.connect(dsn)
    else:
        import psycopg2
        conn = psycopg2.connect(dsn)
    return conn


def say(*words):
    print(*words, flush=True)


def scalar(cur, sql, params=None):
    cur.execute(sql, params)
    return cur.fetchone()[0]


def wait_notification(conn, args, timeout=10.0):
    """Blocks until the server pushes a notification; returns its JSON payload as a dict."""
    if args.driver == "psycopg":
        # psycopg 3 reads notifications with query results: wait for the socket, then run a
        # statement that reads nothing so the pushed NotificationResponse is processed.
        import time
        got = []
        conn.add_notify_handler(got.append)
        deadline = time.monotonic() + timeout
        while not got:
            if time.monotonic() > deadline:
                raise SystemExit("no notification within %.0f s" % timeout)
            select.select([conn.fileno()], [], [], 0.1)
            conn.execute("SELECT 1")
        return json.loads(got[0].payload)
    while True:
        conn.poll()
        if conn.notifies:
            return json.loads(conn.notifies.pop(0).payload)
        if select.select([conn], [], [], timeout) == ([], [], []):
            raise SystemExit("no notification within %.0f s" % timeout)


def restock(conn):
    cur = conn.cursor()  # psycopg2 and psycopg both send BEGIN before the first statement
    say("READ", scalar(cur, "SELECT qty FROM stock WHERE id = 1"))
    sys.stdin.readline()  # the controller lets us write once the orders agent has sold
    cur.execute("UPDATE stock SET qty = qty + 5 WHERE id = 1")
    say("WROTE")
    sys.stdin.readline()
    conn.commit()
    say("COMMITTED")


def orders(conn, args):
    cur = conn.cursor()
    seen = scalar(cur, "SELECT qty FROM stock WHERE id = 1")
    say("READ", seen)
    cur.execute("UPDATE stock SET qty = %s WHERE id = 1", (seen - 3,))
    say("SOLD", seen - 3)
    n = wait_notification(conn, args)
    say("NOTIFIED", n["writer"]["agent"], n["seen"][1], n["now"][1])
    # Repair: undo our operations from the stale read on, then redo the step with fresh input.
    stale_from = min(n["readOperations"])
    cur.execute("SELECT OP_ID FROM SYS.OPERATIONS WHERE OP_ID >= %s AND KIND <> 'QUERY'"
                " AND STATE = 'APPLIED' ORDER BY OP_ID DESC", (stale_from,))
    for (op,) in cur.fetchall():
        cur.execute("CALL SYS.UNDO(%s)" % int(op))
    fresh = scalar(cur, "SELECT qty FROM stock WHERE id = 1")
    cur.execute("UPDATE stock SET qty = %s WHERE id = 1", (fresh - 3,))
    cur.execute("CALL SYS.ACK(%s)" % int(n["id"]))
    say("REDONE", fresh - 3)
    conn.commit()  # rule 8: waits until the lower rank (restock) has committed
    say("COMMITTED")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("agent", choices=["restock", "orders"])
    p.add_argument("--port", type=int, default=5433)
    p.add_argument("--db", default="default")
    p.add_argument("--driver", choices=["psycopg2", "psycopg"], default="psycopg2")
    args = p.parse_args()
    conn = connect(args)
    try:
        restock(conn) if args.agent == "restock" else orders(conn, args)
    finally:
        conn.close()


if __name__ == "__main__":
    main()
