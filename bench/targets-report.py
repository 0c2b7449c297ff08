#!/usr/bin/env python3
"""The table of bench/targets (bench/README.md "All targets in one run"), from one output directory.

usage: bench/targets-report.py OUT_DIR

Reads what the steps left there: steps.tsv and meta.txt (bench/targets), harness/results.jsonl (the
shared harness), limits/limits.jsonl (limits.sh), NN-getpath.log (bench/get-path/run's table),
list.tsv / listver.tsv / soak.tsv (bench/run --tsv), NN-soak.log (the soak's flat-or-not line),
NN-lifecycle.log (LifecycleBench's lines) and NN-crash.log (the crash loop's last line). Prints one
markdown table: target, measured figures, bound, verdict, load average (1 min, start -> end) and the
step's command. A missing or failed step gives "NO DATA" with the step's exit status, never a guess.
Verdicts of a --quick run end in "(quick)", of a step run below its target's scale in "(scaled)":
neither is evidence. Standard library only.
"""
import csv
import glob
import json
import os
import re
import statistics
import sys

D = sys.argv[1] if len(sys.argv) > 1 else "."


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def meta():
    m = {}
    for line in (read(os.path.join(D, "meta.txt")) or "").splitlines():
        k, _, v = line.partition(": ")
        m[k.strip()] = v.strip()
    return m


META = meta()
QUICK = "quick: 1" in (read(os.path.join(D, "meta.txt")) or "")
# The targets the run selected (--only): a row is shown only for those.
SELECTED = set(META.get("only", "1,2,3,4,5,6,7").split()[0].split(","))

STEPS = {}
for row in csv.DictReader(open(os.path.join(D, "steps.tsv")), delimiter="\t") if os.path.exists(os.path.join(D, "steps.tsv")) else []:
    STEPS[row["step"]] = row


def step_log(name):
    n = STEPS.get(name, {}).get("n")
    if not n:
        return None
    return read(os.path.join(D, "%02d-%s.log" % (int(n), name)))


def tsv(name):
    p = os.path.join(D, name + ".tsv")
    if not os.path.exists(p):
        return []
    with open(p) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def f(v, nd=1):
    if v is None:
        return "?"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.{nd}f}"


def verdict(ok, scaled=False):
    if ok is None:
        return "NO DATA"
    v = "PASS" if ok else "FAIL"
    if QUICK:
        return v + " (quick)"
    if scaled:
        return v + " (scaled)"
    return v


ROWS = []


def row(target, what, measured, bound, ok, steps, scaled=False):
    loads, cmds, notes = [], [], []
    for s in steps:
        st = STEPS.get(s)
        if not st:
            notes.append(f"step {s} not run")
            continue
        loads.append(st["load_start"].split()[0] + "→" + st["load_end"].split()[0])
        cmds.append("`" + st["command"].replace("|", "\\|") + "`")
        if st["rc"] != "0":
            notes.append(f"step {s} exit {st['rc']}")
    if ok is None and notes:
        measured = (measured + "; " if measured else "") + ", ".join(notes)
    elif notes:
        measured += " (" + ", ".join(notes) + ")"
    ROWS.append((target, what, measured or "-", bound, verdict(ok, scaled), ", ".join(loads) or "-", "<br>".join(cmds) or "-"))


def all_ok(*vals):
    if any(v is None for v in vals):
        return None
    return all(vals)


# ---- the shared harness ----------------------------------------------------------------------------
# A cell (workload, peer, concurrency) has one record per pass (bench/targets --passes). Its figures are
# the medians over the passes that succeeded (of two, their mean): one 5-second cell on this VM swings by
# half between runs, so no single pass decides a verdict. "passes" keeps each pass's record.
PASSES = {}
for line in (read(os.path.join(D, "harness", "results.jsonl")) or "").splitlines():
    if line.strip().startswith("{"):
        r = json.loads(line)
        PASSES.setdefault((r.get("workload"), r.get("peer"), r.get("conc")), []).append(r)


def one_cpu_us(r):
    """Server CPU per op as compare.py computes it: the server's CPU % over the cell / ops/s."""
    if not r or r.get("srv_cpu_pct") is None or not r.get("ops_s"):
        return None
    return r["srv_cpu_pct"] / 100.0 * 1e6 / r["ops_s"]


def median_of(recs, field):
    vals = [v for v in ((one_cpu_us(r) if field == "cpu_us" else r.get(field)) for r in recs) if v is not None]
    return statistics.median(vals) if vals else None


def h(workload, peer, conc):
    recs = PASSES.get((workload, peer, conc)) or []
    good = [r for r in recs if r.get("ok")]
    if not good:
        return None
    m = {k: median_of(good, k) for k in ("ops_s", "mb_s", "p50_ms", "cpu_us")}
    m["errors"] = sum(r.get("errors") or 0 for r in recs)
    m["passes"] = good
    return m


def cpu_us(r):
    return r.get("cpu_us") if r else None


def each(r, field, fmt=None):
    """The passes' own figures, for the table: " (passes 9,812 / 8,920)" when there were several."""
    if not r or len(r["passes"]) < 2:
        return ""
    vals = [one_cpu_us(p) if field == "cpu_us" else p.get(field) for p in r["passes"]]
    return " (passes " + " / ".join((fmt or f)(v) if v is not None else "?" for v in vals) + ")"


def errs(*recs):
    return sum((r or {}).get("errors") or 0 for r in recs)


def cosd_errors_note(recs):
    e = errs(*recs)
    return f"; cosd errors {e}" if e else ""


# Target 1: GET 4 KiB CPU per op vs nginx and s3proxy-fs, c=1 p50 vs nginx
parts_n, parts_s, oks_n, oks_s, recs = [], [], [], [], []
for c in (1, 16):
    co, ng, sp = h("get-4k", "cosd", c), h("get-4k", "nginx", c), h("get-4k", "s3proxy-fs", c)
    recs.append(co)
    cc, cn, cs = cpu_us(co), cpu_us(ng), cpu_us(sp)
    if cc and cn:
        parts_n.append(f"c={c}: cosd {f(cc)}{each(co, 'cpu_us')} vs nginx {f(cn)}{each(ng, 'cpu_us')} µs/op ({cc / cn:.2f}×)")
        oks_n.append(cc <= 2 * cn and not errs(co))
    else:
        oks_n.append(None)
    if cc and cs:
        parts_s.append(f"c={c}: s3proxy-fs {f(cs)}{each(sp, 'cpu_us')} / cosd {f(cc)} µs/op = {cs / cc:.2f}× cheaper")
        oks_s.append(cs >= 3 * cc and not errs(co))
    else:
        oks_s.append(None)
if "1" in SELECTED and "harness" in STEPS:
    row("1", "GET 4 KiB: server CPU per op vs nginx", "; ".join(parts_n) + cosd_errors_note(recs),
        "≤ 2× nginx's, c=1 and c=16", all_ok(*oks_n), ["harness"])
    row("1", "GET 4 KiB: server CPU per op vs s3proxy-fs", "; ".join(parts_s),
        "≥ 3× cheaper, c=1 and c=16", all_ok(*oks_s), ["harness"])
    co, ng = h("get-4k", "cosd", 1), h("get-4k", "nginx", 1)
    if co and ng and ng.get("p50_ms"):
        row("1", "GET 4 KiB c=1: p50 latency", f"cosd {co['p50_ms']:.3f} ms{each(co, 'p50_ms', lambda v: f'{v:.3f}')} vs nginx {ng['p50_ms']:.3f} ms{each(ng, 'p50_ms', lambda v: f'{v:.3f}')} ({co['p50_ms'] / ng['p50_ms']:.2f}×)",
            "≤ 2× nginx's", co["p50_ms"] <= 2 * ng["p50_ms"], ["harness"])
    else:
        row("1", "GET 4 KiB c=1: p50 latency", "", "≤ 2× nginx's", None, ["harness"])


# ---- limits.sh: the machine's 4 KiB file-create+fsync rate -----------------------------------------
def fsync_rate():
    vals = []
    for line in (read(os.path.join(D, "limits", "limits.jsonl")) or "").splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if r.get("limit") == "small_file_4KiB_create_fsync" and isinstance(r.get("value"), (int, float)):
            vals.append(float(r["value"]))
    return vals


if "2" in SELECTED and "harness" in STEPS:
    co, sp, ng = h("put-4k", "cosd", 16), h("put-4k", "s3proxy-fs", 16), h("put-4k", "nginx", 16)
    rates = fsync_rate()
    if co and rates:
        m = statistics.mean(rates)
        # nginx's WebDAV PUT (no fsync, no S3 work) is the machine's HTTP ceiling for small PUTs: when it is
        # below 10x the rate too, the bound is out of reach for any server on this machine, durable or not.
        ceiling = f"; nginx (no fsync) {f(ng['ops_s'])}{each(ng, 'ops_s')} PUT/s = {ng['ops_s'] / m:.1f}×" if ng else ""
        row("2", "Durable PUT 4 KiB c=16 vs the machine's 4 KiB file-create+fsync rate",
            f"cosd {f(co['ops_s'])}{each(co, 'ops_s')} PUT/s; limits.sh create+write+fsync (one thread) {' / '.join(f(v) for v in rates)} files/s,"
            f" mean {f(m)} → {co['ops_s'] / m:.1f}×{ceiling}" + cosd_errors_note([co]),
            "≥ 10×", co["ops_s"] >= 10 * m and not errs(co), ["harness", "limits"])
    else:
        row("2", "Durable PUT 4 KiB c=16 vs the machine's 4 KiB file-create+fsync rate", "", "≥ 10×", None, ["harness", "limits"])
    if co and sp:
        row("2", "Durable PUT 4 KiB c=16 vs s3proxy-fs (no fsync)",
            f"cosd {f(co['ops_s'])}{each(co, 'ops_s')} vs s3proxy-fs {f(sp['ops_s'])}{each(sp, 'ops_s')} PUT/s ({co['ops_s'] / sp['ops_s']:.2f}×)",
            "faster (> 1×)", co["ops_s"] > sp["ops_s"] and not errs(co), ["harness"])
    else:
        row("2", "Durable PUT 4 KiB c=16 vs s3proxy-fs (no fsync)", "", "faster (> 1×)", None, ["harness"])

# ---- crash loop -----------------------------------------------------------------------------------------
if "2" in SELECTED and "crash" in STEPS:
    log = step_log("crash") or ""
    m = re.findall(r"crash-loop: (PASS|FAIL\w*): (\d+) of (\d+) kills passed; (.*)", log)
    if m:
        res, passed, kills, rest = m[-1]
        kills, passed = int(kills), int(passed)
        row("2", "Crash loop: SIGKILLs under small-PUT load", f"{passed} of {kills} kills passed; {rest}",
            "≥ 20 kills, no acknowledged write lost, none partial",
            res == "PASS" and passed == kills and STEPS["crash"]["rc"] == "0", ["crash"], scaled=kills < 20)
    else:
        fails = re.findall(r"round \d+/\d+:.*failures [1-9]\d*.*", log)
        row("2", "Crash loop: SIGKILLs under small-PUT load", fails[-1] if fails else "",
            "≥ 20 kills, no acknowledged write lost, none partial", False if fails else None, ["crash"])

# ---- get-path: signed minus anonymous server CPU per GET ---------------------------------------------------
if "3" in SELECTED and "getpath" in STEPS:
    cells = {}
    for line in (step_log("getpath") or "").splitlines():
        p = [x.strip() for x in line.strip().strip("|").split("|")]
        if len(p) >= 11 and p[0].isdigit():
            cells[(int(p[0]), p[2], int(p[3]))] = (num(p[7].replace(",", "")), int(p[9] or 0))
    rounds = sorted({k[0] for k in cells})
    errors = sum(v[1] for v in cells.values())
    for mode, label in (("qsign", "q-sign"), ("sigv4", "SigV4")):
        parts, oks = [], []
        for c in (1, 16):
            diffs = [cells[(r, mode, c)][0] - cells[(r, "anon", c)][0] for r in rounds
                     if (r, mode, c) in cells and (r, "anon", c) in cells]
            if diffs:
                med = statistics.median(diffs)
                parts.append(f"c={c}: median {med:+.1f} µs (rounds {', '.join(f'{d:+.1f}' for d in diffs)})")
                oks.append(med <= 10)
            else:
                oks.append(None)
        if errors:
            parts.append(f"{errors} errors")
        row("3", f"Signed ({label}) minus anonymous GET 4 KiB: server CPU per GET", "; ".join(parts),
            "≤ +10 µs", all_ok(*oks) and not errors if all_ok(*oks) is not None else None, ["getpath"])

# ---- target 4: 1 MiB PUT vs s3proxy-fs -----------------------------------------------------------------------
if "4" in SELECTED and "harness" in STEPS:
    cells = [("put-1m", "PUT 1 MiB, durable (wrk, unsigned)")]
    if "signed" in STEPS["harness"]["command"]:  # --quick skips the signed cells
        cells.append(("sig-put-1m", "PUT 1 MiB, durable (loadgen, SigV4-signed)"))
    for wl, label in cells:
        parts, oks, recs = [], [], []
        for c in (1, 16):
            co, sp = h(wl, "cosd", c), h(wl, "s3proxy-fs", c)
            recs.append(co)
            if co and sp and sp.get("mb_s"):
                parts.append(f"c={c}: cosd {f(co['mb_s'])}{each(co, 'mb_s')} vs s3proxy-fs {f(sp['mb_s'])}{each(sp, 'mb_s')} MB/s ({100 * co['mb_s'] / sp['mb_s']:.0f}%)")
                oks.append(co["mb_s"] >= sp["mb_s"] and not errs(co))
            else:
                oks.append(None)
        row("4", label, "; ".join(parts) + cosd_errors_note(recs), "≥ 100% of s3proxy-fs's MB/s, c=1 and c=16", all_ok(*oks), ["harness"])

# ---- target 5: listing ---------------------------------------------------------------------------------------
if "5" in SELECTED and "list" in STEPS:
    v2 = [r for r in tsv("list") if r["op"] == "LISTV2" and r["concurrency"] == "1"]
    if v2:
        r = v2[-1]
        keys = re.match(r"(\d+) keys", r["note"])
        keys = int(keys.group(1)) if keys else None
        e = int(r["errors"])
        row("5", "ListObjectsV2, page of 1,000 keys, c=1: p50",
            f"{num(r['p50_ms']):.2f} ms over {f(keys) if keys else '?'} keys (p99 {num(r['p99_ms']):.1f} ms, server CPU {f(num(r['server_cpu_us_per_op']))} µs/page)"
            + (f"; {e} errors" if e else ""),
            "≤ 15 ms over 10,000 keys", num(r["p50_ms"]) <= 15 and not e, ["list"], scaled=keys != 10000)
    else:
        row("5", "ListObjectsV2, page of 1,000 keys, c=1: p50", "", "≤ 15 ms over 10,000 keys", None, ["list"])
if "5" in SELECTED and "listver" in STEPS:
    rows = [r for r in tsv("listver") if r["op"] == "LISTVER"]
    small = [r for r in rows if "whole key" in r["note"]]
    deep = [r for r in rows if "random depth" in r["note"]]
    oldest = [r for r in rows if "oldest" in r["note"]]
    if small and deep and oldest:
        # Each cell runs twice (alternating); its better p50 counts: other load only ever adds latency,
        # and the first round is also the JIT's first look at the path.
        s, d, o = (min(num(r["p50_ms"]) for r in x) for x in (small, deep, oldest))
        cs, cd, co = (min(num(r["server_cpu_us_per_op"]) or 0 for r in x) for x in (small, deep, oldest))
        n = re.match(r"([\d,]+) versions", deep[0]["note"])
        n = int(n.group(1).replace(",", "")) if n else None
        e = sum(int(r["errors"]) for r in rows)
        row("5", "ListObjectVersions page over one key with 1,000,000 versions vs 1,000: p50",
            f"1,000-version key {s:.2f} ms; {f(n) if n else '?'}-version key at a random depth {d:.2f} ms ({d / s:.2f}×),"
            f" among its oldest 10,000 {o:.2f} ms ({o / s:.2f}×), the better of two rounds each"
            + (f" (server CPU per page {cd / cs:.2f}× and {co / cs:.2f}×)" if cs else "")
            + (f"; {e} errors" if e else ""),
            "the same speed: ≤ 1.2× the 1,000-version key's p50", d <= 1.2 * s and o <= 1.2 * s and not e,
            ["listver"], scaled=n != 1_000_000)
    else:
        row("5", "ListObjectVersions page over one key with 1,000,000 versions vs 1,000: p50", "",
            "≤ 1.2× the 1,000-version key's p50", None, ["listver"])

# ---- target 6: lifecycle and soak ------------------------------------------------------------------------------
if "6" in SELECTED and "lifecycle" in STEPS:
    log = step_log("lifecycle") or ""
    fill = re.findall(r"fill: ([\d,]+) objects \(([\d,]+) with blob files\) in ([\d.]+) s", log)
    reused = re.findall(r"lifecycle: data dir restored in ([\d.]+) s", log)
    p = re.findall(r"pass: scanned ([\d,]+) versions, expired ([\d,]+) in ([\d.]+) s \(([\d,]+) versions/s\), process CPU ([\d.]+) s,"
                   r" ([\d,]+) MiB written; heap max (\d+) MiB \(used: baseline (\d+) MiB, peak (\d+) MiB\); RSS before (\d+) MiB,"
                   r" peak (\d+) MiB; logs/ left: (\d+)", log)
    tenths = [(int(a.replace(",", "")), int(b)) for a, b in re.findall(r"([\d,]+) versions scanned at [\d.]+ s: .*peak so far (\d+) MiB", log)]
    if p:
        scanned, expired, secs, rate, cpu, written, hmax, hbase, hpeak, rss0, rss1, left = p[-1]
        scanned_n, secs = int(scanned.replace(",", "")), float(secs)
        how = (f"fill {fill[-1][2]} s" if fill else "") + (f"filled database reused, data dir restored in {reused[-1]} s" if reused else "")
        row("6", "Lifecycle pass, 10% expiring (every version scanned)",
            f"{scanned} versions scanned, {expired} expired in **{secs:.1f} s** ({rate}/s, process CPU {cpu} s, {written} MiB written;"
            f" {how}); logs/ left {left}",
            "< 120 s over 10,000,000 objects", secs < 120 and left == "0", ["lifecycle"], scaled=scanned_n != 10_000_000)
        half = [pk for n_, pk in tenths if n_ >= scanned_n / 2]
        mid = half[0] if half else None
        end = int(rss1)
        if mid:
            row("6", "Lifecycle pass: memory",
                f"RSS {rss0} MiB before, peak {mid} MiB at half the scan, {end} MiB at the end ({100 * (end / mid - 1):+.1f}%);"
                f" heap peak {hpeak} of {hmax} MiB",
                "flat: peak RSS grows ≤ 10% over the second half", end <= 1.10 * mid, ["lifecycle"], scaled=scanned_n != 10_000_000)
        else:
            row("6", "Lifecycle pass: memory", "", "flat: peak RSS grows ≤ 10% over the second half", None, ["lifecycle"])
    else:
        row("6", "Lifecycle pass, 10% expiring (every version scanned)", "", "< 120 s over 10,000,000 objects", None, ["lifecycle"])
if "6" in SELECTED and "soak" in STEPS:
    log = step_log("soak") or ""
    v = re.findall(r"soak: RSS over the second half \((\d+) intervals\): (.*) -> (FLAT|NOT FLAT)", log)
    rows = [r for r in tsv("soak") if r["op"] == "SOAK"]
    secs = sum(num(r["seconds"]) or 0 for r in rows)
    reqs = sum(int(r["ops"]) for r in rows)
    e = sum(int(r["errors"]) for r in rows)
    want = re.search(r"--soak-seconds (\d+)", STEPS["soak"]["command"])
    want = int(want.group(1)) if want else 600
    if v:
        n, detail, flat = v[-1]
        row("6", "Soak, mixed load c=8: server RSS",
            f"{want} s, {f(reqs)} requests, {e} errors; {detail}", "flat (second half within 10%) over 600 s, no errors",
            flat == "FLAT" and e == 0, ["soak"], scaled=want < 600)
    else:
        row("6", "Soak, mixed load c=8: server RSS", "", "flat (second half within 10%) over 600 s, no errors", None, ["soak"])
bench_rows = [r for name in ("list", "listver", "soak") for r in tsv(name)]
if bench_rows and "6" in SELECTED:
    missing = [r for r in bench_rows if r.get("rss_mib") in (None, "", "-")]
    h_cosd = [r for (w, p, c), recs in PASSES.items() if p == "cosd" for r in recs]
    h_missing = [r for r in h_cosd if r.get("rss_peak_mb") is None]
    row("6", "Server RSS in every bench row",
        f"{len(bench_rows) - len(missing)} of {len(bench_rows)} bench/run rows"
        + (f", {len(h_cosd) - len(h_missing)} of {len(h_cosd)} harness cosd cells" if h_cosd else "")
        + f" carry the server's RSS (max {f(max(num(r['rss_mib']) or 0 for r in bench_rows))} MiB)",
        "every row", not missing and not h_missing, [s for s in ("list", "listver", "soak") if s in STEPS])

# ---- target 7: GET 64 MiB vs nginx ----------------------------------------------------------------------------------
if "7" in SELECTED and "harness" in STEPS:
    parts, oks, recs = [], [], []
    for c in (1, 16):
        co, ng = h("get-64m", "cosd", c), h("get-64m", "nginx", c)
        recs.append(co)
        if co and ng and ng.get("mb_s"):
            parts.append(f"c={c}: cosd {f(co['mb_s'])}{each(co, 'mb_s')} vs nginx {f(ng['mb_s'])}{each(ng, 'mb_s')} MB/s ({100 * co['mb_s'] / ng['mb_s']:.1f}%)")
            oks.append(co["mb_s"] >= 0.95 * ng["mb_s"] and not errs(co))
        else:
            oks.append(None)
    row("7", "GET 64 MiB: throughput vs nginx", "; ".join(parts) + cosd_errors_note(recs), "≥ 95% of nginx's MB/s, c=1 and c=16",
        all_ok(*oks), ["harness"])

# ---- print ------------------------------------------------------------------------------------------------------------
print(f"### Performance targets: commit {META.get('commit', '?')}, {META.get('date', '?')}" + (" (QUICK: not evidence)" if QUICK else ""))
print()
print("| target | what | measured | bound | verdict | load 1 min (start→end) | command |")
print("|---|---|---|---|---|---|---|")
for r in ROWS:
    print("| " + " | ".join(r) + " |")
print()
passed = sum(1 for r in ROWS if r[4].startswith("PASS"))
print(f"{passed} of {len(ROWS)} rows PASS. Raw output: {os.path.abspath(D)} (steps.tsv: each step's times and load averages).")
