"""Load test of the navigator's results page and API on a production-style server.

`make loadtest` runs this script. It
1. prepares a PostgreSQL database (LOAD_DATABASE_URL, default tsunagu_load on the local
   server): migrations, the sample data and LOAD_SERVICES (50,000) synthetic services;
2. starts gunicorn (LOAD_WORKERS sync workers, production settings, Redis as the shared
   cache) on 127.0.0.1:LOAD_PORT;
3. drives it with wrk from another process: LOAD_CLIENTS (20) connections for
   LOAD_SECONDS (30) each on a trivial view (/healthz), the results page and the results
   API, the last two over a fixed mix of LOAD_ADDRESSES (240) different results
   addresses (every ward, one or two codes, ages, who, contact; some in a crisis);
4. prints throughput and latency percentiles, and the two ratios the issue asks about.

Every run, cached or not, warms up first with one untimed pass over the same mix. With
`--no-cache` the server keeps no shared results (TSUNAGU_NAVI_CACHE_SECONDS=0): every
request ranks the directory afresh. The figures go to var/loadtest/<mode>.json.
The script exits with 1 when any answer is not a 200.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "loadtest"

# Osaka City's 24 wards, from the same file `tsunagu load_areas` reads.
WARDS = [
    row["code6"]
    for row in csv.DictReader((ROOT / "data" / "areas" / "wards-27100.csv").open(encoding="utf-8"))
]
CODES = [
    "loneliness", "mental_health", "elderly_care", "disability", "developmental",
    "livelihood", "work", "pregnancy_childcare", "child_youth", "hikikomori",
    "violence_women", "young_carer", "single_parent", "sexual_minority",
    "foreign_language", "housing", "health", "human_rights",
]  # fmt: skip
WHO = ["self", "family", "acquaintance", "staff"]
AGES = ["", "child", "young", "middle", "senior"]
CONTACTS = ["", "phone", "visit", "chat", "email"]
PERCENTILE = re.compile(r"^\s+(50|75|90|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def addresses(count: int) -> list[str]:
    """The same `count` results queries every run: what residents of every ward ask."""
    rng = random.Random(26)
    queries = []
    for n in range(count):
        codes = rng.sample(CODES, rng.choice([1, 1, 2]))
        if n % 20 == 0:  # about one in twenty asks in a crisis
            codes = ["suicidal", *codes]
        params = {
            "who": rng.choice(WHO),
            "codes": ",".join(codes),
            "age": rng.choice(AGES),
            "ward": WARDS[n % len(WARDS)],
            "contact": rng.choice(CONTACTS),
        }
        queries.append(urlencode({k: v for k, v in params.items() if v}))
    return queries


def server_env(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TSUNAGU_ENV="production",
        SECRET_KEY="load-test-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        # A throwaway key: the load test reads no personal data.
        TSUNAGU_ENCRYPTION_KEYS="bG9hZC10ZXN0LW9ubHktbm90LWEtcmVhbC1rZXktMzI=",
        CACHE_URL=args.cache_url,
        TSUNAGU_VAR_DIR=str(OUT),
        LOG_LEVEL="WARNING",
        TSUNAGU_NAVI_CACHE_SECONDS="0" if args.no_cache else "300",
    )
    return env


def tsunagu(env, *command: str) -> str:
    done = subprocess.run(  # noqa: S603 - this script's own fixed commands
        [str(BIN / "tsunagu"), *command], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def prepare_database(args, server: dict[str, str]) -> None:
    """The database and static files the server needs. Sample and synthetic data are
    refused under production settings, so those steps run under development settings."""
    import psycopg

    env = {**os.environ, "DATABASE_URL": args.database_url, "TSUNAGU_ENV": "development"}

    name = args.database_url.rsplit("/", 1)[1]
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    tsunagu(env, "migrate", "--no-input", "-v0")
    tsunagu(env, "load_sample_data")
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        have = conn.execute("SELECT count(*) FROM directory_service").fetchone()[0]
        if have < args.services:
            print(f"Adding {args.services - have} synthetic services (once; takes a minute)…")
            tsunagu(env, "generate_directory", "--services", str(args.services - have))
        # Planner statistics and the visibility map, as autovacuum keeps them in production.
        conn.execute("VACUUM ANALYZE")
        have = conn.execute("SELECT count(*) FROM directory_service").fetchone()[0]
    print(f"Directory: {have} services in {name}.")
    tsunagu(server, "collectstatic", "--no-input", "-v0")


def get(args, path: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{args.port}{path}",
        headers={"X-Forwarded-Proto": "https"},  # as the TLS proxy in front would say
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - localhost
        return answer.status


def start_server(args, env) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - this script's own fixed commands
        [
            str(BIN / "gunicorn"),
            "tsunagu.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--access-logfile",
            "/dev/null",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(OUT / "gunicorn.log").open("w"),
        start_new_session=True,
    )
    for _ in range(100):
        try:
            if get(args, "/healthz") == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz; see var/loadtest/gunicorn.log")


def lua_for(paths: list[str]) -> Path:
    """A wrk script that walks the paths in turn (each thread from its own place)."""
    script = OUT / f"paths-{abs(hash(tuple(paths)))}.lua"
    listed = ",\n".join(json.dumps(p) for p in paths)
    script.write_text(
        "local paths = {\n" + listed + "\n}\n"
        "local n = 0\n"
        "function setup(thread) thread:set('offset', math.random(#paths)) end\n"
        "function request()\n"
        "  n = n + 1\n"
        "  local i = ((n + (offset or 0)) % #paths) + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n",
        encoding="utf-8",
    )
    return script


def wrk(args, paths: list[str], seconds: int) -> dict:
    headers = [
        "-H",
        "X-Forwarded-Proto: https",  # as the TLS proxy in front would say
        "-H",
        # A returning browser: it got its CSRF cookie on an earlier step of the navigator.
        "Cookie: csrftoken=loadtestloadtestloadtestloadtest",
    ]
    command = [
        "wrk",
        "-t2",
        f"-c{args.clients}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        *headers,
        "-s",
        str(lua_for(paths)),
        f"http://127.0.0.1:{args.port}/",
    ]
    output = subprocess.run(  # noqa: S603 - this script's own fixed commands
        command, check=True, capture_output=True, text=True
    ).stdout
    latency = {f"p{p}": round(float(v) * UNITS[u], 2) for p, v, u in PERCENTILE.findall(output)}
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests": total,
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        **latency,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-cache", action="store_true", help="rank afresh on every request")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tsunagu_load"
        ),
    )
    parser.add_argument(
        "--cache-url", default=os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/3")
    )
    parser.add_argument("--services", type=int, default=int(os.environ.get("LOAD_SERVICES", 50000)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LOAD_WORKERS", 4)))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("LOAD_CLIENTS", 20)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 30)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8177)))
    parser.add_argument("--addresses", type=int, default=int(os.environ.get("LOAD_ADDRESSES", 240)))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make loadtest` installs it (apt-get install wrk).")
    OUT.mkdir(parents=True, exist_ok=True)
    env = server_env(args)
    prepare_database(args, env)
    queries = addresses(args.addresses)
    mixes = {
        "trivial view (/healthz)": ["/healthz"],
        "results page": [f"/navi/results/?{q}" for q in queries],
        "results API": [f"/api/v1/navigator/results?{q}" for q in queries],
    }
    server = start_server(args, env)
    figures = {}
    try:
        # Untimed warm-up, as after a few minutes of real use: every address once (built
        # and shared unless --no-cache), then a short run so every worker has loaded the
        # analyser and holds its own copies.
        for paths in mixes.values():
            for path in paths:
                get(args, path)
            wrk(args, paths, 5)
        for name, paths in mixes.items():
            figures[name] = wrk(args, paths, args.seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    trivial = figures["trivial view (/healthz)"]["per_second"]
    mode = "no-cache" if args.no_cache else "shared-results"
    print(
        f"\n{mode}: gunicorn {args.workers} sync workers, {args.clients} connections, "
        f"{args.seconds} s each, {args.addresses} results addresses"
    )
    print(f"{'':26} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'vs trivial':>10}")
    for name, row in figures.items():
        ratio = row["per_second"] / trivial
        print(
            f"{name:26} {row['per_second']:9.0f} {row.get('p50', 0):8.1f} "
            f"{row.get('p90', 0):8.1f} {row.get('p99', 0):8.1f} {ratio:10.2f}"
        )
    report = {"mode": mode, "settings": vars(args), "figures": figures}
    (OUT / f"{mode}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    failed = [n for n, r in figures.items() if r["non_2xx"] or r["socket_errors"]]
    if failed:
        print(f"Errors during: {', '.join(failed)} (see var/loadtest/gunicorn.log)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
