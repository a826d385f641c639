"""report.py RESULTS [JSON]: the benchmark table from the rows the run_*.sh
scripts wrote (tab-separated, see row() in lib.sh), and the same as JSON.
ratio = ours / peer; the target compares the ratio, or ours alone when
there is no peer figure."""
import json
import operator
import sys

FIELDS = ["benchmark", "ours", "unit", "peer", "peer_value", "target", "growth", "note"]


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def judge(row):
    ours, peer = number(row["ours"]), number(row["peer_value"])
    ratio = ours / peer if ours is not None and peer else None
    row["ratio"] = round(ratio, 4) if ratio is not None else None
    if row["target"] == "-":  # shown for comparison; the issue sets no target for it
        row["met"] = "-"
        return row
    compared = ratio if row["peer_value"] != "-" else ours
    op, limit = (operator.ge, row["target"][2:]) if row["target"].startswith(">=") else (operator.le, row["target"][2:])
    row["met"] = None if compared is None else op(compared, float(limit))
    return row


def main():
    rows = [judge(dict(zip(FIELDS, line.rstrip("\n").split("\t")))) for line in open(sys.argv[1]) if line.strip()]
    header = ["benchmark", "ours", "peer", "peer's", "ratio", "target", "met", "growth", "note"]
    table = [[r["benchmark"], f'{r["ours"]} {r["unit"]}', r["peer"], r["peer_value"],
              "-" if r["ratio"] is None else f'{r["ratio"]:.4g}', r["target"],
              {True: "MET", False: "MISSED", None: "n/a", "-": "-"}[r["met"]],
              r["growth"], r["note"]] for r in rows]
    widths = [max(len(str(c)) for c in column) for column in zip(header, *table)]
    for line in [header, ["-" * w for w in widths], *table]:
        print(" | ".join(str(c).ljust(w) for c, w in zip(line, widths)).rstrip())
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as out:
            json.dump(rows, out, indent=2)


main()
