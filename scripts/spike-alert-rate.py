#!/usr/bin/env python3
"""Alert rate and delay of `newsmon spikes` on labelled keyword-volume series.

Usage: spike-alert-rate.py DATA_DIR [--list] -- NEWSMON_CMD...
  e.g. scripts/spike-alert-rate.py ~/data/realTweets -- dotnet cli/bin/Release/net10.0/newsmon.dll

DATA_DIR holds series as CSV files (`timestamp,value` or `timestamp,count`, one row per bucket, oldest first) and a
`windows.json` mapping each file name to its labelled event windows, [["start", "end"], ...]. Extra arguments after
the command (e.g. `--set Spikes:AlertBudget=1`) go to newsmon before `spikes`.

For each series it runs `newsmon spikes`, then prints the alerts (rows whose `alert` column is 1) outside every
labelled window per keyword-week (ordinary coverage: what a subscriber would see when nothing labelled happens),
the windows alerted, and the delay from each window's start to its first alert; then the totals and the median
delay. With --list it also prints every alert, marked inside or outside a window. The data is not part of the
repository: point DATA_DIR at a local copy."""
import csv, json, os, statistics, subprocess, sys, tempfile
from datetime import datetime, timezone

def parse_time(text):
    text = text.strip().replace(' ', 'T')
    if text.endswith('Z'):
        text = text[:-1]
    return datetime.fromisoformat(text[:19]).replace(tzinfo=timezone.utc)

def main(argv):
    if '--' not in argv:
        sys.exit(__doc__)
    split = argv.index('--')
    positional, command = argv[:split], argv[split + 1:]
    show = '--list' in positional
    positional = [arg for arg in positional if arg != '--list']
    if len(positional) != 1 or not command:
        sys.exit(__doc__)
    data = positional[0]
    windows_file = os.path.join(data, 'windows.json')
    if not os.path.isdir(data):
        sys.exit(f'No data folder at {data}: nothing to measure (the labelled series are not part of the repository).')
    if not os.path.isfile(windows_file):
        sys.exit(f'{data} has no windows.json: nothing to measure without labelled windows.')
    labelled = json.load(open(windows_file))
    total_outside, total_weeks, delays, missed, total_windows = 0, 0.0, [], 0, 0
    print(f"{'series':<28} {'weeks':>6} {'outside':>8} {'per week':>9} {'windows':>8}  delays (h)")
    for name in sorted(labelled):
        with open(os.path.join(data, name), newline='') as source:
            rows = [row for row in csv.reader(source) if row]
        if rows and not rows[0][0][:1].isdigit():
            rows = rows[1:]
        times = [parse_time(row[0]) for row in rows]
        with tempfile.NamedTemporaryFile('w', suffix='.csv', delete=False) as series:
            series.write('timestamp,count\n')
            for time, row in zip(times, rows):
                series.write(f"{time:%Y-%m-%dT%H:%M:%SZ},{int(float(row[1]))}\n")
        try:
            done = subprocess.run(command[:2] + command[2:] + ['spikes', '--input', series.name], capture_output=True, text=True)
        finally:
            os.unlink(series.name)
        if done.returncode:
            sys.exit(f'{name}: newsmon spikes exited with {done.returncode}: {done.stderr[:300]}')
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        alert_column = lines[0].split(',').index('alert')
        alerts = [times[i] for i, line in enumerate(lines[1:]) if line.split(',')[alert_column].strip() == '1']
        windows = [(parse_time(start), parse_time(end)) for start, end in labelled[name]]
        inside = lambda time: any(start <= time <= end for start, end in windows)
        outside = [time for time in alerts if not inside(time)]
        weeks = (times[-1] - times[0]).total_seconds() / (7 * 86400)
        series_delays = []
        for start, end in windows:
            first = next((time for time in alerts if start <= time <= end), None)
            if first is None:
                missed += 1
            else:
                series_delays.append((first - start).total_seconds() / 3600)
        delays += series_delays
        total_outside += len(outside)
        total_weeks += weeks
        total_windows += len(windows)
        hit = len(series_delays)
        print(f"{name:<28} {weeks:>6.1f} {len(outside):>8} {len(outside) / weeks:>9.2f} {hit:>4}/{len(windows):<3}  "
              + ', '.join(f'{delay:.1f}' for delay in series_delays))
        if show:
            for time in alerts:
                print(f"    {time:%Y-%m-%d %H:%M} {'inside' if inside(time) else 'OUTSIDE'}")
    median = f'{statistics.median(delays):.1f} h' if delays else 'n/a'
    print(f"all: {total_outside} alerts outside labelled windows in {total_weeks:.1f} keyword-weeks = "
          f"{total_outside / total_weeks:.2f} per keyword-week; windows alerted {total_windows - missed}/{total_windows}; "
          f"median delay from window start to first alert {median}")

if __name__ == '__main__':
    main(sys.argv[1:])
