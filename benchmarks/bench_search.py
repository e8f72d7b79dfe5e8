"""Search benchmark: reindex time, index size, memory and query latency at a few directory sizes.

    .venv/bin/python benchmarks/bench_search.py [--sizes 3000 30000]
    .venv/bin/python benchmarks/bench_search.py --backend postgres \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Each size gets a fresh temporary database and index: a SQLite file, or with --database-url (a PostgreSQL
server's maintenance database, which the user may create databases from) a new database on that server,
dropped afterwards. --backend picks the search backend (default: postgres on PostgreSQL, else whoosh);
for postgres "index size" is its tables and indexes in the database. Targets: p95 <= 20 ms at 3 000
services, p95 <= 80 ms at 30 000, a full reindex of 30 000 within 60 s.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TARGET_P95_MS = {3000: 20.0, 30000: 80.0}
TARGET_REINDEX_S = {30000: 60.0}
QUERY_COUNT = 200
HACKNEY = (51.55, -0.06)

WORDS = ["swimming", "autism", "speech therapy", "short breaks", "respite", "SALT", "ASD", "EHCP", "CAMHS",
         "occupational therapy", "OT", "preparing for adulthood", "SENCO", "football", "music", "parent support",
         "dyslexia", "wheelchair", "sensory play", "youth club", "holiday scheme", "counselling", "college",
         "sign language", "deaf", "nursery", "mental health", "advice", "transport", "employment"]
TYPOS = ["autsim", "swiming", "speach therapy", "respit", "councelling", "dyslexa", "footbal", "nursary"]
CATEGORIES = ["education", "health", "social-care", "short-breaks", "post-16", "advice", "leisure"]
NEEDS = ["autism", "adhd", "slcn", "semh", "learning-disability", "physical-disability", "hearing-impairment",
         "visual-impairment", "multi-sensory-impairment", "specific-learning-difficulty"]
DELIVERY = ["in_person", "online", "home_visits"]


def query_mix(n: int = QUERY_COUNT, seed: int = 7):
    """The same n searches every run: words, synonyms, typos, filters, ages, postcodes and sorts."""
    from directory.search import SearchQuery

    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = i % 10
        q = SearchQuery()
        if kind in (0, 1, 2):
            q.text = rng.choice(WORDS)
        elif kind == 3:
            q.text = rng.choice(TYPOS)
        elif kind == 4:
            q.text = rng.choice(WORDS)
            q.categories = [rng.choice(CATEGORIES)]
        elif kind == 5:
            q.needs = [rng.choice(NEEDS)]
            q.age = rng.randint(0, 25)
        elif kind == 6:
            q.text = rng.choice(WORDS)
            q.free = True
            q.self_referral = rng.random() < 0.5
            q.delivery = [rng.choice(DELIVERY)]
        elif kind == 7:
            q.origin = (HACKNEY[0] + rng.uniform(-0.05, 0.05), HACKNEY[1] + rng.uniform(-0.08, 0.08))
            q.sort = "distance"
            q.text = rng.choice(["", rng.choice(WORDS)])
        elif kind == 8:
            q.text = rng.choice(WORDS)
            q.origin = (HACKNEY[0] + rng.uniform(-0.05, 0.05), HACKNEY[1] + rng.uniform(-0.08, 0.08))
            q.age = rng.randint(0, 25)
        else:
            q.categories = [rng.choice(CATEGORIES)]
            q.sort = rng.choice(["name", "updated"])
            q.page = rng.randint(1, 5)
        out.append(q)
    return out


# A stand-in until directory.demo.generate_services exists ----------------------------------------

PLACES = ["Riverside", "Hackney", "Dalston", "Clapton", "Homerton", "Stoke Newington", "Shoreditch", "Hoxton",
          "Haggerston", "Lea Bridge", "Victoria Park", "London Fields", "Kingsland", "De Beauvoir", "Stamford Hill"]
ACTIVITIES = ["Swim Club", "Football Club", "Music Group", "Youth Club", "Holiday Scheme", "Sensory Play",
              "Parent Support Group", "Speech and Language Therapy", "Occupational Therapy", "Short Breaks",
              "Respite Care", "Counselling Service", "Dyslexia Support", "Supported Internships", "Drama Club",
              "Stay and Play", "Wheelchair Sports", "Sign Language Classes", "Travel Training", "Advice Line"]
SENTENCES = [
    "We support children and young people with special educational needs and disabilities.",
    "Sessions run in term time and in the school holidays.",
    "Our staff are trained in autism awareness and positive behaviour support.",
    "Families can refer themselves by phone or email.",
    "A referral from a health professional or social worker is needed.",
    "The building has step-free access and an accessible toilet.",
    "We work closely with schools, SENCOs and the local authority.",
    "Parents and carers are welcome to stay during sessions.",
    "We offer one-to-one support as well as small group activities.",
    "Speech and language therapists help with communication and eating and drinking.",
    "Occupational therapists help with everyday skills, sensory needs and equipment.",
    "Short breaks give families a rest and children a chance to have fun with friends.",
    "Our counsellors support emotional wellbeing and mental health.",
    "Young people aged 16 to 25 can get help preparing for adulthood, work and independent living.",
    "We can help with education, health and care plans and annual reviews.",
    "Activities include swimming, football, music, art and cooking.",
    "Sessions are free for families living in the borough.",
    "There is a small charge for some activities; ask about help with costs.",
    "British Sign Language interpreters can be booked in advance.",
    "We support children with dyslexia, dyspraxia and other specific learning difficulties.",
    "Our team includes nurses, therapists and family support workers.",
    "Transport can be arranged for children who need it.",
    "Online sessions are available for those who cannot travel.",
    "We also visit families at home.",
]


def local_generate_services(count: int, seed: int = 1) -> int:
    """Synthetic published services around Hackney, inserted in bulk (a stand-in for demo.generate_services)."""
    from sqlalchemy import insert, select

    from directory.models import Location, Organisation, Service, TaxonomyTerm, service_locations, service_terms
    from portal.extensions import db

    rng = random.Random(seed)
    terms = {(t.vocabulary, t.code): t.id for t in db.session.scalars(select(TaxonomyTerm))}
    orgs = [{"id": uuid.UUID(int=rng.getrandbits(128)), "name": f"{rng.choice(PLACES)} {w} Trust"}
            for w in ("Family", "Children's", "Community", "Youth", "Disability", "Health") * max(1, count // 60)]
    db.session.execute(insert(Organisation), orgs)
    services, links, locations, service_locs = [], [], [], []
    for i in range(count):
        sid = uuid.UUID(int=rng.getrandbits(128))
        org = rng.choice(orgs)
        activity = rng.choice(ACTIVITIES)
        age_min = rng.choice([0, 0, 5, 11, 14, 16])
        services.append({
            "id": sid, "organisation_id": org["id"], "name": f"{rng.choice(PLACES)} {activity}",
            "summary": f"{activity} for {rng.choice(['children', 'young people', 'families'])} "
                       f"{rng.choice(['with autism', 'with SEND', 'with ADHD', 'of all abilities'])}.",
            "description": " ".join(rng.sample(SENTENCES, rng.randint(4, 9))),
            "status": "published" if rng.random() < 0.95 else rng.choice(["draft", "archived"]),
            "age_min": age_min, "age_max": rng.choice([a for a in (5, 11, 16, 18, 19, 25) if a >= age_min]),
            "is_free": rng.random() < 0.7, "self_referral": rng.random() < 0.5,
            "delivery": rng.sample(DELIVERY, rng.randint(1, 2)),
        })
        for code in rng.sample(CATEGORIES, rng.randint(1, 2)):
            links.append({"service_id": sid, "term_id": terms[("category", code)]})
        for code in rng.sample(NEEDS, rng.randint(0, 3)):
            links.append({"service_id": sid, "term_id": terms[("need", code)]})
        for _ in range(rng.choice([0, 1, 1, 1, 2])):
            lid = uuid.UUID(int=rng.getrandbits(128))
            locations.append({"id": lid, "organisation_id": org["id"], "postcode": "E8 1AA",
                              "latitude": HACKNEY[0] + rng.gauss(0, 0.04),
                              "longitude": HACKNEY[1] + rng.gauss(0, 0.06)})
            service_locs.append({"service_id": sid, "location_id": lid})
    for table, rows in ((Service, services), (Location, locations)):
        for i in range(0, len(rows), 5000):
            db.session.execute(insert(table), rows[i:i + 5000])
    for table, rows in ((service_terms, links), (service_locations, service_locs)):
        for i in range(0, len(rows), 5000):
            db.session.execute(table.insert(), rows[i:i + 5000])
    db.session.commit()
    return count


# The run ------------------------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def dir_size_mb(path: str) -> float:
    return sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(path) for f in files) / 2**20


def _admin(server_url: str):
    """An autocommit psycopg connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg
    from sqlalchemy.engine import make_url
    return psycopg.connect(make_url(server_url).set(drivername="postgresql").render_as_string(hide_password=False),
                           autocommit=True)


def _postgres_database(server_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url
    with _admin(server_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _index_mb(app, backend: str) -> float:
    if backend != "postgres":
        return dir_size_mb(app.config["SEARCH_INDEX_DIR"])
    from sqlalchemy import text

    from directory.search.postgres_backend import SCHEMA
    from portal.extensions import db
    with db.engine.connect() as conn:
        return conn.scalar(text("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                "WHERE n.nspname = :schema AND c.relkind = 'r'"), {"schema": SCHEMA}) / 2**20


def run(size: int, profile: bool = False, backend: str | None = None, database_url: str | None = None) -> dict:
    from directory import demo, search
    from directory.services import ensure_taxonomy
    from portal import create_app
    from portal.extensions import db

    tmp = tempfile.mkdtemp(prefix=f"bench-search-{size}-")
    database = f"bench_search_{size}_{os.getpid()}"
    try:
        uri = _postgres_database(database_url, database) if database_url else f"sqlite:///{tmp}/bench.sqlite"
        config = {"SQLALCHEMY_DATABASE_URI": uri, "SEARCH_INDEX_DIR": f"{tmp}/search-index", "SECRET_KEY": "bench",
                  "TESTING": True}
        if backend:
            config["SEARCH_BACKEND"] = backend
        app = create_app(config)
        backend = type(app.extensions[search.EXTENSION]).__name__.replace("Backend", "").lower()
        with app.app_context():
            db.create_all()
            ensure_taxonomy()
            t = time.perf_counter()
            if hasattr(demo, "generate_services"):
                demo.generate_services(size, seed=1)
                generator = "demo.generate_services"
            else:
                local_generate_services(size, seed=1)
                generator = "local stand-in"
            generate_s = time.perf_counter() - t

            t = time.perf_counter()
            indexed = search.reindex()
            reindex_s = time.perf_counter() - t
            index_mb = _index_mb(app, backend)

            queries = query_mix()
            t = time.perf_counter()
            search.search(queries[0])  # opens the index and builds the generation's snapshot
            warm_ms = (time.perf_counter() - t) * 1000
            if profile:
                import cProfile
                import pstats
                prof = cProfile.Profile()
                prof.enable()
            times, totals = [], 0
            for q in queries:
                t = time.perf_counter()
                results = search.search(q)
                times.append((time.perf_counter() - t) * 1000)
                totals += results.total
            if profile:
                prof.disable()
                pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
            db.session.remove()
            db.engine.dispose()
            return {
                "size": size, "backend": backend, "generator": generator, "indexed": indexed,
                "generate_s": generate_s,
                "reindex_s": reindex_s, "index_mb": index_mb, "warm_ms": warm_ms,
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99),
                "max": max(times), "mean_hits": totals / len(queries), "slowest": _slowest(queries, times),
            }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if database_url:
            with _admin(database_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _slowest(queries, times, n: int = 3) -> list[str]:
    ranked = sorted(zip(times, range(len(times))), reverse=True)[:n]
    return [f"{ms:.1f} ms: {queries[i]}" for ms, i in ranked]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 30000])
    parser.add_argument("--profile", action="store_true", help="cProfile the query mix")
    parser.add_argument("--slowest", action="store_true", help="show the slowest queries")
    parser.add_argument("--no-postings-cache", action="store_true",
                        help="decode every posting list afresh (the worst case: every query new)")
    parser.add_argument("--backend", choices=["whoosh", "postgres"],
                        help="search backend (default: postgres on PostgreSQL, else whoosh)")
    parser.add_argument("--database-url", help="a PostgreSQL server's maintenance database, e.g. "
                        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres: each size gets a new database there")
    args = parser.parse_args(argv)
    if args.backend == "postgres" and not args.database_url:
        parser.error("--backend postgres needs --database-url (a PostgreSQL server)")
    if args.no_postings_cache:
        from directory.search import whoosh_scoring
        whoosh_scoring.POSTINGS_CACHE_SIZE = 0

    rows = [run(size, args.profile, args.backend, args.database_url) for size in args.sizes]
    header = (f"{'services':>9} {'indexed':>8} {'reindex s':>9} {'index MB':>8} {'peak RSS MB':>11} "
              f"{'first ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}  target")
    print()
    print(header)
    print("-" * len(header))
    ok = True
    for r in rows:
        p95_target = TARGET_P95_MS.get(r["size"])
        reindex_target = TARGET_REINDEX_S.get(r["size"])
        met = (p95_target is None or r["p95"] <= p95_target) and \
              (reindex_target is None or r["reindex_s"] <= reindex_target)
        ok &= met
        targets = ", ".join(filter(None, [p95_target and f"p95<={p95_target:g}ms",
                                          reindex_target and f"reindex<={reindex_target:g}s"])) or "-"
        print(f"{r['size']:>9} {r['indexed']:>8} {r['reindex_s']:>9.1f} {r['index_mb']:>8.1f} "
              f"{r['maxrss_mb']:>11.0f} {r['warm_ms']:>8.0f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
              f"{r['p99']:>7.1f} {r['max']:>7.1f}  {targets} {'met' if met else 'MISSED'}")
    print(f"\n{QUERY_COUNT} queries per size; backend {rows[0]['backend']} on "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}; data from {rows[0]['generator']}; "
          f"'first ms' is the first search after the rebuild (it loads the snapshot);\n"
          f"peak RSS is the whole process so far (sizes run in order)"
          f"{'; posting lists decoded afresh every time' if args.no_postings_cache else ''}.")
    if args.slowest:
        for r in rows:
            print(f"\nslowest at {r['size']}:")
            for line in r["slowest"]:
                print("  " + line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
