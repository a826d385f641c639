# h. The bundled scenario library on 2 jobs: wall time vs the virtual time
# its scenarios cover (virtual_ms in `mailsim run --json`).
json=$WORK/scenarios.json
start=$(now)
"$MAILSIM" run "$ROOT/scenarios" --jobs 2 --json "$json" >"$WORK/scenarios.log" 2>&1 || true
wall_ms=$(python3 -c "print(round(float('$(elapsed "$start")') * 1000))")
read -r virtual_ms summary < <(python3 -c '
import json, sys
results = json.load(open(sys.argv[1]))
passed = sum(r["result"] == "PASS" for r in results)
print(sum(r["virtual_ms"] for r in results), f"{passed}/{len(results)} passed")' "$json")
# Where the wall time goes: the ten slowest scenarios (real peers started as
# processes and expected client timeouts run on the wall clock).
python3 -c '
import json, sys
for r in sorted(json.load(open(sys.argv[1])), key=lambda r: -r["real_ms"])[:10]:
    print("bench:   %6d ms real %9d ms virtual  %s" % (r["real_ms"], r["virtual_ms"], r["file"]))' "$json"
load=$(cut -d' ' -f1 /proc/loadavg)
row "scenario library wall time vs virtual time" "$wall_ms" ms "virtual time" "$virtual_ms" "<=0.001" "-" \
  "$summary, --jobs 2, load $load"
row "scenario library wall time, absolute" "$(python3 -c "print(round($wall_ms / 1000, 2))")" s "-" "-" "<=10" "-" "$summary"
