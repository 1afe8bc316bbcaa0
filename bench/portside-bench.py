#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Paired whole-process benchmarks for Portside.

Each pair runs its two commands in turn (A B A B ...) after a warm-up, so
that a drift in the machine's speed hits both sides alike; the figure to
quote is the median of the per-pair ratios A/B. Results go to stdout as a
table and to bench/results.json.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GIB = 1024 * 1024 * 1024

# With two or more processors, the servers run on the first and the clients
# under test on the second, so that neither side of a pair is slowed by the
# scheduler putting both ends of the socket on one core.
PIN = os.cpu_count() and os.cpu_count() >= 2
SERVER_CPU, CLIENT_CPU = {0}, {1}


def pin_to(cpus):
    return (lambda: os.sched_setaffinity(0, cpus)) if PIN else None


def run_once(argv, stdout=subprocess.DEVNULL, cpus=None):
    """Runs argv; returns (wall seconds, peak RSS MiB, exit code, stdout text or None)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL,
                            preexec_fn=pin_to(cpus) if cpus else None)
    out = proc.stdout.read() if stdout == subprocess.PIPE else None
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, code, out


def cpu_seconds(pid):
    """User plus system time a process has used so far, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def timed_with_server(argv, cpus, server):
    """run_once, plus the share of the wall time the server process was busy."""
    before = cpu_seconds(server) if server else None
    wall, rss, code, _ = run_once(argv, cpus=cpus)
    after = cpu_seconds(server) if server else None
    busy = (after - before) / wall if before is not None and after is not None else None
    return wall, rss, code, busy


def paired(name, a, b, runs, note="", cpus=CLIENT_CPU, server=None):
    """Alternates a and b; returns a result row with medians and the ratio.
    With a server pid, also how busy that server was while each side ran:
    near 1.0 means the server, not the client, set the pace."""
    run_once(a, cpus=cpus)
    run_once(b, cpus=cpus)
    walls_a, walls_b, ratios, rss_a, rss_b, busy_a, busy_b = [], [], [], [], [], [], []
    for _ in range(runs):
        wa, ra, ca, ba = timed_with_server(a, cpus, server)
        wb, rb, cb, bb = timed_with_server(b, cpus, server)
        if ca != 0 or cb != 0:
            raise SystemExit(f"{name}: a command failed (exit {ca} and {cb}): {a} / {b}")
        walls_a.append(wa)
        walls_b.append(wb)
        ratios.append(wa / wb)
        rss_a.append(ra)
        rss_b.append(rb)
        busy_a += [ba] if ba is not None else []
        busy_b += [bb] if bb is not None else []
    row = {
        "name": name,
        "a": " ".join(a),
        "b": " ".join(b),
        "runs": runs,
        "a_median_s": statistics.median(walls_a),
        "b_median_s": statistics.median(walls_b),
        "ratio_median": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "a_peak_mib": max(rss_a),
        "b_peak_mib": max(rss_b),
        "note": note,
    }
    if busy_a and busy_b:
        row["server_busy_a"] = statistics.median(busy_a)
        row["server_busy_b"] = statistics.median(busy_b)
    return row


def sh(script):
    return ["sh", "-c", script]


def start_lab(build):
    proc = subprocess.Popen([f"{build}/src/lab/portside-lab", "--http-port", "0",
                             "--https-port", "0", "--quiet"],
                            stdout=subprocess.PIPE, text=True, preexec_fn=pin_to(SERVER_CPU))
    http = https = ca = None
    while ca is None:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the lab server did not start")
        http = http or (re.search(r"(http://\S+)", line) or [None, None])[1]
        https = https or (re.search(r"(https://\S+)", line) or [None, None])[1]
        m = re.match(r"\s*certificate:\s*(\S+)", line)
        ca = m[1] if m else None
    return proc, http, https, ca


def start_nginx(workdir, ca):
    """nginx on loopback serving a 1 GiB file over HTTP and HTTPS (with the lab's
    certificate), when nginx is installed; returns (process, http URL, https URL)."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx is None:
        return None, None, None
    root = os.path.join(workdir, "www")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "1g"), "wb") as f:
        f.truncate(GIB)
    port = 18080 + os.getpid() % 1000
    key = os.path.join(os.path.dirname(ca), "portside-lab-key.pem")
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""daemon off; worker_processes 1; pid {workdir}/nginx.pid;
error_log {workdir}/error.log; events {{ worker_connections 64; }}
http {{ access_log off; sendfile on; client_body_temp_path {workdir};
 proxy_temp_path {workdir}; fastcgi_temp_path {workdir}; uwsgi_temp_path {workdir};
 scgi_temp_path {workdir}; server {{ listen 127.0.0.1:{port}; root {root}; }}
 server {{ listen 127.0.0.1:{port + 1} ssl; root {root}; ssl_certificate {ca};
  ssl_certificate_key {key}; }} }}
""")
    proc = subprocess.Popen([nginx, "-c", conf, "-p", workdir], stderr=subprocess.DEVNULL,
                            preexec_fn=pin_to(SERVER_CPU))
    time.sleep(0.5)
    return proc, f"http://127.0.0.1:{port}/1g", f"https://localhost:{port + 1}/1g"


def child_pid(pid):
    """nginx's one worker, whose CPU time tells whether nginx set the pace."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = f.read().split()
        return int(children[0]) if children else None
    except OSError:
        return None


def count_lines(argv):
    _, _, code, out = run_once(argv, stdout=subprocess.PIPE)
    return out.count(b"\n") if code == 0 else 0


LATENESS = re.compile(r"rows (\d+) in ([\d.]+) s; main-loop lateness p50 ([\d.]+) ms "
                      r"p99 ([\d.]+) ms max ([\d.]+) ms")


def stream_figures(argv, runs):
    """Runs a window benchmark `runs` times; returns medians of its printed figures."""
    p50, p99, mx, rss = [], [], [], []
    for _ in range(runs):
        _, peak, code, out = run_once(argv, stdout=subprocess.PIPE)
        m = LATENESS.search(out.decode(errors="replace")) if out else None
        if code != 0 or m is None:
            raise SystemExit(f"window benchmark failed: {' '.join(argv)} (exit {code})")
        p50.append(float(m[3]))
        p99.append(float(m[4]))
        mx.append(float(m[5]))
        rss.append(peak)
    return {"p50_ms": statistics.median(p50), "p99_ms": statistics.median(p99),
            "max_ms": statistics.median(mx), "peak_mib": statistics.median(rss)}


def window_benches(args, http, results):
    app = f"{args.build}/src/ui/portside"
    base = args.baselines
    if not (os.path.exists(app) and base):
        return
    env_cmd = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", "env",
               f"GSK_RENDERER={args.renderer}", "GDK_BACKEND=x11",
               f"GSETTINGS_SCHEMA_DIR={args.build}/data", "GSETTINGS_BACKEND=memory"]
    rows = args.stream_bytes // 4096
    ours = stream_figures(env_cmd + [app, "--recv-size", "4096", "--bench-stream",
                                     f"{http}bytes/{args.stream_bytes}"], args.window_runs)
    theirs = stream_figures(env_cmd + [f"{base}/baseline-stream", str(rows), "4000"],
                            args.window_runs)
    results["window_stream"] = {"portside": ours, "baseline": theirs,
                                "p99_ratio": ours["p99_ms"] / max(theirs["p99_ms"], 0.001),
                                "max_ratio": ours["max_ms"] / max(theirs["max_ms"], 0.001),
                                "rss_ratio": ours["peak_mib"] / theirs["peak_mib"]}
    results["pairs"].append(paired("window start-up (first frame)",
                                   env_cmd + [app, "--bench-startup"],
                                   env_cmd + [f"{base}/baseline-window"], args.runs,
                                   "goal <= 1.25", cpus=None))


def build_baselines(shared, outdir):
    """Compiles the reference GTK programs from shared/bench, if that folder is here."""
    if not os.path.isdir(shared):
        return None
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libadwaita-1"],
                           capture_output=True, text=True, check=True).stdout.split()
    for name in ("baseline-stream", "baseline-window"):
        subprocess.run(["cc", "-O2", f"{shared}/{name}.c", "-o", f"{outdir}/{name}"] + flags,
                       check=True)
    return outdir


def cli_benches(args, cli, lab, nginx, results):
    http, https, ca, lab_pid = lab
    nginx_url, nginx_https, nginx_pid = nginx
    gib = f"{http}bytes/{GIB}"
    pairs = results["pairs"]
    pairs.append(paired("1 GiB over HTTP to /dev/null",
                        [cli, "-s", "-o", "/dev/null", gib],
                        ["curl", "-s", "-o", "/dev/null", gib], args.runs, "goal <= 0.7",
                        server=lab_pid))
    if nginx_url:
        pairs.append(paired("1 GiB over HTTP from nginx",
                            [cli, "-s", "-o", "/dev/null", nginx_url],
                            ["curl", "-s", "-o", "/dev/null", nginx_url], args.runs, "goal <= 0.7",
                            server=nginx_pid))
    bare = os.path.join(args.work, "bare-recv")
    subprocess.run(["cc", "-O2", os.path.join(os.path.dirname(__file__), "bare-recv.c"),
                    "-o", bare], check=True)
    # The reference point: a plain blocking loop of 256 KiB recv()s,
    # from nginx when it is here.
    floor_url = nginx_url or gib
    port = floor_url.split("/")[2].rsplit(":", 1)[1]
    path = "/" + floor_url.split("/", 3)[3]
    pairs.append(paired("a plain recv() loop (256 KiB) vs curl, 1 GiB",
                        [bare, port, path], ["curl", "-s", "-o", "/dev/null", floor_url],
                        args.runs, "reference: no pacing, no parsing",
                        server=nginx_pid if nginx_url else lab_pid))
    https_gib = f"{https}bytes/{GIB}"
    pairs.append(paired("1 GiB over HTTPS to /dev/null",
                        [cli, "-s", "--cacert", ca, "-o", "/dev/null", https_gib],
                        ["curl", "-s", "--cacert", ca, "-o", "/dev/null", https_gib],
                        args.runs, "goal <= 1.0", server=lab_pid))
    small = f"{http}bytes/300"
    loop = "i=0; while [ $i -lt 100 ]; do {} -s -o /dev/null {} || exit 1; i=$((i+1)); done"
    pairs.append(paired("100 small requests, one process each",
                        sh(loop.format(cli, small)), sh(loop.format("curl", small)),
                        args.runs, "goal <= 1.0"))
    json_cmd = [cli, "--json", "--recv-size", "4096", "-o", "/dev/null", gib]
    plain_cmd = [cli, "-s", "--recv-size", "4096", "-o", "/dev/null", gib]
    row = paired("--json at 4096-byte reads vs the plain run", json_cmd, plain_cmd, args.runs,
                 "the cost of one JSON line per event")
    row["events"] = count_lines(json_cmd)
    row["events_per_s"] = row["events"] / row["a_median_s"]
    pairs.append(row)
    if nginx_https:
        pairs.append(paired("1 GiB over HTTPS from nginx",
                            [cli, "-s", "--cacert", ca, "-o", "/dev/null", nginx_https],
                            ["curl", "-s", "--cacert", ca, "-o", "/dev/null", nginx_https],
                            args.runs, "goal <= 1.0", server=nginx_pid))
        pairs.append(paired("lab server vs nginx over HTTPS, 1 GiB to curl",
                            ["curl", "-s", "--cacert", ca, "-o", "/dev/null", https_gib],
                            ["curl", "-s", "--cacert", ca, "-o", "/dev/null", nginx_https],
                            args.runs, "below 1: the lab server is not the bottleneck"))
    if nginx_url:
        pairs.append(paired("lab server vs nginx, 1 GiB to curl",
                            ["curl", "-s", "-o", "/dev/null", gib],
                            ["curl", "-s", "-o", "/dev/null", nginx_url], args.runs,
                            "below 1: the lab server is not the bottleneck"))


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.+)", f.read())
            cpu = m[1] if m else cpu
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def print_table(results):
    print(f"\nPortside benchmarks on {results['machine']} ({results['date']}; "
          f"{results['pinned']})\n")
    print(f"| {'pair (A vs B)':<44} | {'A median s':>10} | {'B median s':>10} | "
          f"{'A/B median':>10} | {'A/B range':>13} | note")
    print(f"|{'-' * 46}|{'-' * 12}|{'-' * 12}|{'-' * 12}|{'-' * 15}|------")
    for p in results["pairs"]:
        extra = f"; {p['events_per_s']:.0f} events/s" if "events_per_s" in p else ""
        if "server_busy_a" in p:
            extra += f"; server busy {p['server_busy_a']:.2f} / {p['server_busy_b']:.2f}"
        print(f"| {p['name']:<44} | {p['a_median_s']:>10.3f} | {p['b_median_s']:>10.3f} | "
              f"{p['ratio_median']:>10.2f} | {p['ratio_min']:>5.2f}–{p['ratio_max']:<6.2f} | "
              f"{p['note']}{extra}")
    w = results.get("window_stream")
    if w:
        o, b = w["portside"], w["baseline"]
        print(f"\nWindow while streaming: p99 {o['p99_ms']:.1f} ms vs {b['p99_ms']:.1f} ms "
              f"({w['p99_ratio']:.2f}x), max {o['max_ms']:.1f} vs {b['max_ms']:.1f} ms "
              f"({w['max_ratio']:.2f}x), peak RSS {o['peak_mib']:.0f} vs {b['peak_mib']:.0f} MiB "
              f"({w['rss_ratio']:.2f}x); goals <= 1.5x, <= 1.5x, < 1.0x")


def print_markdown(results):
    """The same table in the README's form, to paste there."""
    print("\n| pair: A vs B | A median s | B median s | A/B median (range) | goal / note |")
    print("|---|---|---|---|---|")
    for p in results["pairs"]:
        note = p["note"].replace("<=", "≤")
        if "events_per_s" in p:
            note += f"; {p['events_per_s']:,.0f} events/s"
        if "server_busy_a" in p:
            note += f"; server busy {p['server_busy_a']:.2f} / {p['server_busy_b']:.2f}"
        print(f"| {p['name']} | {p['a_median_s']:.3f} | {p['b_median_s']:.3f} | "
              f"**{p['ratio_median']:.2f}** ({p['ratio_min']:.2f}–{p['ratio_max']:.2f}) | {note} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default="build-release")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--window-runs", type=int, default=5)
    ap.add_argument("--stream-bytes", type=int, default=GIB)
    ap.add_argument("--renderer", default="cairo")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                     "shared", "bench"))
    ap.add_argument("--only", choices=["cli", "window"], default=None)
    ap.add_argument("--output", default=os.path.join(os.path.dirname(__file__), "results.json"))
    ap.add_argument("--markdown", metavar="RESULTS_JSON",
                    help="print the README table of an earlier run and stop")
    args = ap.parse_args()
    if args.markdown:
        with open(args.markdown) as f:
            print_markdown(json.load(f))
        return 0

    results = {"machine": machine(), "date": time.strftime("%Y-%m-%d"), "pairs": [],
               "pinned": "servers on CPU 0, CLI clients on CPU 1" if PIN else "not pinned"}
    cli = f"{args.build}/src/cli/portside-cli"
    with tempfile.TemporaryDirectory(prefix="portside-bench-") as work:
        args.work = work
        lab, http, https, ca = start_lab(args.build)
        nginx, nginx_url, nginx_https = (start_nginx(work, ca) if args.only != "window"
                                         else (None, None, None))
        try:
            if args.only != "window":
                cli_benches(args, cli, (http, https, ca, lab.pid),
                            (nginx_url, nginx_https, nginx and child_pid(nginx.pid)), results)
            if args.only != "cli":
                args.baselines = build_baselines(args.shared, work)
                window_benches(args, http, results)
        finally:
            lab.terminate()
            if nginx:
                nginx.terminate()
    print_table(results)
    print_markdown(results)
    with open(args.output, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
