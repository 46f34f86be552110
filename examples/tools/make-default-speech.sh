#!/usr/bin/env bash
# Makes the built-in input of cascade-vad: four synthesized English phrases separated by pauses
# of known length, over a faint white-noise floor, 16 kHz mono 16-bit PCM. Also writes the
# phrase intervals, which the tests compare with what the detector finds.
# Needs espeak-ng and sox (Debian: apt-get install espeak-ng sox). Run once; commit the output.
set -euo pipefail
out=${1:-"$(dirname "$0")/../src/main/resources/io/cascade/examples"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

phrases=("The buffer holds streaming audio."
         "Readers take overlapped chunks."
         "Voice activity detection finds the speech."
         "Pauses separate the phrases.")
lead=0.50     # seconds of noise before the first phrase
pauses=(0.90 1.20 0.80)
trail=0.70    # seconds of noise after the last phrase

parts=()
t=0
segments="# start_seconds end_seconds phrase (made by tools/make-default-speech.sh)"$'\n'
sox -n -r 16000 -c 1 -b 16 "$work/lead.wav" trim 0 "$lead"
parts+=("$work/lead.wav")
t=$lead
for i in "${!phrases[@]}"; do
  espeak-ng -v en-us -s 155 -w "$work/raw$i.wav" "${phrases[$i]}"
  # Resample and trim the synthesizer's own leading and trailing silence, so that the phrase
  # starts and ends exactly where the segments file says.
  sox "$work/raw$i.wav" -r 16000 -c 1 -b 16 "$work/p$i.wav" \
      silence 1 0.01 -50d reverse silence 1 0.01 -50d reverse
  d=$(soxi -D "$work/p$i.wav")
  end=$(echo "$t + $d" | bc -l)
  segments+=$(printf '%.3f %.3f %s' "$t" "$end" "${phrases[$i]}")$'\n'
  parts+=("$work/p$i.wav")
  t=$end
  if [ "$i" -lt "${#pauses[@]}" ]; then
    sox -n -r 16000 -c 1 -b 16 "$work/gap$i.wav" trim 0 "${pauses[$i]}"
    parts+=("$work/gap$i.wav")
    t=$(echo "$t + ${pauses[$i]}" | bc -l)
  fi
done
sox -n -r 16000 -c 1 -b 16 "$work/trail.wav" trim 0 "$trail"
parts+=("$work/trail.wav")
sox "${parts[@]}" "$work/clean.wav"
total=$(soxi -D "$work/clean.wav")
sox -n -r 16000 -c 1 -b 16 "$work/noise.wav" synth "$total" whitenoise vol 0.003
sox -m -v 1 "$work/clean.wav" -v 1 "$work/noise.wav" -r 16000 -c 1 -b 16 "$out/default-speech.wav"
printf '%s' "$segments" > "$out/default-speech.segments"
echo "wrote $out/default-speech.wav ($(soxi -D "$out/default-speech.wav") s) and its segments"
