"""The peer of `spx calibrate --json` in the calibrate benchmark: a vectorised pandas script that computes the
same observed numbers from a PM4Py-style event log (case:concept:name, concept:name, time:timestamp) —
next-stage shares per stage and mean business time in stage (Mon–Fri, UTC, no holidays) — the way a data
analyst would: read_csv, sort, collapse consecutive same-stage rows, shift, groupby.

Usage: python3 bench/calibrate-peer.py EVENTS.csv > out.json
"""
import json
import sys

import numpy as np
import pandas as pd

OUTCOMES = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else {"won", "lost"}

events = pd.read_csv(sys.argv[1], usecols=["case:concept:name", "concept:name", "time:timestamp"])
events.columns = ["deal", "stage", "at"]
events["at"] = pd.to_datetime(events["at"], utc=True)
events = events.sort_values(["deal", "at"], kind="stable")

# Consecutive rows of one deal in the same stage are one visit.
same = (events["deal"] == events["deal"].shift()) & (events["stage"] == events["stage"].shift())
visits = events[~same].copy()
visits["next_stage"] = visits["stage"].shift(-1)
visits["left_at"] = visits["at"].shift(-1)
last = visits["deal"] != visits["deal"].shift(-1)
visits.loc[last, ["next_stage", "left_at"]] = None
completed = visits[~last & ~visits["stage"].isin(OUTCOMES)].copy()

# Business time of [entered, left) on Mon–Fri in days of 24 h.
a = completed["at"].to_numpy(dtype="datetime64[ms]")
b = completed["left_at"].to_numpy(dtype="datetime64[ms]")
day_a = a.astype("datetime64[D]")
day_b = b.astype("datetime64[D]")
frac_a = (a - day_a).astype("int64") / 86_400_000
frac_b = (b - day_b).astype("int64") / 86_400_000
work_a = np.is_busday(day_a)
work_b = np.is_busday(day_b)
between = np.busday_count(day_a + 1, day_b)
between = np.where(day_b > day_a, between, 0)
same_day = day_a == day_b
completed["days"] = np.where(
    same_day,
    np.where(work_a, frac_b - frac_a, 0.0),
    between + np.where(work_a, 1 - frac_a, 0.0) + np.where(work_b, frac_b, 0.0),
)

counts = completed.groupby(["stage", "next_stage"]).size()
totals = completed.groupby("stage").size()
shares = (counts / totals.reindex(counts.index.get_level_values(0)).to_numpy()).reset_index(name="share")
times = completed.groupby("stage")["days"].agg(["count", "mean"]).reset_index()
json.dump(
    {
        "transitions": shares.to_dict(orient="records"),
        "stages": times.to_dict(orient="records"),
    },
    sys.stdout,
)
