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
row "scenario library wall time vs virtual time" "$wall_ms" ms "virtual time" "$virtual_ms" "<=0.001" "-" \
  "$summary, --jobs 2"
row "scenario library wall time, absolute" "$(python3 -c "print(round($wall_ms / 1000, 2))")" s "-" "-" "<=10" "-" "$summary"
