#!/usr/bin/env bash
# Generates the talk-off corpus of hal/dsp (TestTalkoff_Corpus): speech,
# speech in line noise, loud and clipped speech, music and hold-music-like
# chords, none of it containing DTMF. Output: 8 kHz mono G.711 u-law WAV
# files here and index.tsv (file, kind, how it was made). The files are
# committed, so tests need neither tool; run this only to change the corpus.
#
# Needs espeak-ng and sox (Debian: apt-get install -y espeak-ng sox).
# Deterministic: fixed choices, sox -R (repeatable noise), no dither.
set -euo pipefail
cd "$(dirname "$0")"
command -v espeak-ng >/dev/null && command -v sox >/dev/null || {
	echo "gen.sh: needs espeak-ng and sox (apt-get install -y espeak-ng sox)" >&2
	exit 1
}
rm -f ./*.wav index.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SOX=(sox -R -D -V1)
OUT=(-r 8000 -c 1 -e u-law -b 8)
printf 'file\tkind\tmade\n' >index.tsv
n=0
add() { # add FILE KIND DESCRIPTION
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>index.tsv
	n=$((n + 1))
}

# speak VOICE WPM PITCH TEXT OUT.wav: espeak-ng at 8 kHz (first 2.5 s) through a
# telephone band (300-3400 Hz), peak normalised to -6 dBFS.
speak() {
	espeak-ng -v "$1" -s "$2" -p "$3" -a 180 --stdout "$4" >"$tmp/s.wav"
	"${SOX[@]}" "$tmp/s.wav" -r 8000 -c 1 -b 16 "$5" sinc 300-3400 gain -n -6 trim 0 2.5
}

english=(
	"Account nine eight seven, six five four, three two one."
	"Please call me back at two one two, five five five, zero one four three."
	"Hello, this is Doctor Hudson's office calling about your appointment on Tuesday."
	"Oh no, oh well, who knew you would do that too?"
	"I see three green trees, and we agree, it is free."
	"How now, brown cow. Around the town, the hound is found."
	"La la la la la, do re mi fa so la ti do."
	"Hmm, yeah, mm hmm, okay, uh huh, right, sure, wow."
	"Press one to accept, two for voicemail, three to block this caller."
	"A, B, C, D, pound, star, hash, zero, nine, eight."
	"Your call is important to us. Please stay on the line."
	"Mommy! Mommy! Look at the doggy, he is sooo cute!"
	"Seven seven seven, four four four, one one one, eight eight."
	"The rain in Spain stays mainly in the plain, they say."
	"Beep, boop, bleep, ding dong, ring ring, hello hello?"
	"Yes, I would like to order a large pizza with extra cheese."
)
# voice variants: male, female, child-like (high pitch), old, whisper, robot
variants=(m1 m2 m3 m4 m5 m6 m7 f1 f2 f3 f4 f5 croak klatt klatt3 Andy Annie aunty grandma grandpa kaukovalta Tweaky anika steph linda Storm quincy shelby max belinda whisperf robosoft)
langs=(en-us en-gb en-gb-scotland en-us en-us)
speeds=(110 140 175 200 240 300)
pitches=(0 20 35 50 65 80 90 99)

# 1. clean speech: every text, every variant at least twice, many speeds and pitches
i=0
for v in "${variants[@]}"; do
	for r in 0 1 2; do
		t=$(((i * 7 + r * 5) % ${#english[@]}))
		s=${speeds[$(((i + r * 2) % ${#speeds[@]}))]}
		p=${pitches[$(((i * 3 + r) % ${#pitches[@]}))]}
		l=${langs[$(((i + r) % ${#langs[@]}))]}
		f=$(printf 'speech_%s+%s_s%d_p%d_%d.wav' "$l" "$v" "$s" "$p" "$r")
		speak "$l+$v" "$s" "$p" "${english[$t]}" "$tmp/x.wav"
		# active level from -30 to -12 dBFS peak-normalised steps
		g=$((-((i + r) % 4) * 6))
		"${SOX[@]}" "$tmp/x.wav" "${OUT[@]}" "$f" gain "$g"
		add "$f" speech "espeak-ng -v $l+$v -s $s -p $p, gain $g dB: ${english[$t]}"
	done
	i=$((i + 1))
done

# 2. other languages (numbers and a sentence), male, female, child-like
other=(
	"de|Eins zwei drei vier fünf sechs sieben acht neun null. Guten Tag, wie geht es Ihnen?"
	"fr|Un deux trois quatre cinq six sept huit neuf zéro. Bonjour, je rappelle plus tard."
	"es|Uno dos tres cuatro cinco seis siete ocho nueve cero. Hola, buenos días."
	"it|Uno due tre quattro cinque sei sette otto nove zero. Pronto, chi parla?"
	"nl|Een twee drie vier vijf zes zeven acht negen nul. Goedemorgen."
	"sv|Ett två tre fyra fem sex sju åtta nio noll. Hej, hur mår du?"
	"pt|Um dois três quatro cinco seis sete oito nove zero. Olá, tudo bem?"
	"ru|Один два три четыре пять шесть семь восемь девять ноль."
	"cmn|一 二 三 四 五 六 七 八 九 零. 你好, 请问你是谁?"
	"ja|いち に さん よん ご ろく なな はち きゅう ゼロ."
	"hi|एक दो तीन चार पांच छह सात आठ नौ शून्य."
	"ar|واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة صفر."
)
j=0
for e in "${other[@]}"; do
	l=${e%%|*}
	t=${e#*|}
	for vp in "f2:70" "f5:99"; do
		v=${vp%%:*}
		p=${vp#*:}
		s=${speeds[$(((j + ${#v}) % ${#speeds[@]}))]}
		f=$(printf 'speech_%s+%s_s%d_p%d.wav' "$l" "$v" "$s" "$p")
		speak "$l+$v" "$s" "$p" "$t" "$tmp/x.wav"
		"${SOX[@]}" "$tmp/x.wav" "${OUT[@]}" "$f" gain -6
		add "$f" speech "espeak-ng -v $l+$v -s $s -p $p, gain -6 dB: $t"
	done
	j=$((j + 1))
done

# 3. speech in line noise: white, pink, brown noise and mains hum at 20, 10 and 5 dB SNR
noises=("whitenoise" "pinknoise" "brownnoise" "hum")
k=0
for snr in 20 10 5; do
	for nz in "${noises[@]}"; do
		for r in 0 1; do
			v=${variants[$(((k * 5 + r * 11) % ${#variants[@]}))]}
			t=$(((k * 3 + r) % ${#english[@]}))
			p=${pitches[$(((k + r * 3) % ${#pitches[@]}))]}
			speak "en-us+$v" 175 "$p" "${english[$t]}" "$tmp/x.wav"
			"${SOX[@]}" "$tmp/x.wav" "$tmp/sp.wav" gain -12
			d=$(soxi -D "$tmp/sp.wav")
			if [ "$nz" = hum ]; then
				# 60 Hz mains with odd harmonics, as a poorly balanced line picks up
				"${SOX[@]}" -n -r 8000 -c 4 -b 16 "$tmp/n.wav" synth "$d" sine 60 sine 180 sine 300 sine 420 remix - gain -n
			else
				"${SOX[@]}" -n -r 8000 -c 1 -b 16 "$tmp/n.wav" synth "$d" "$nz" sinc 200-3600 gain -n
			fi
			# speech peak -18 dBFS; noise peak set relative to it for the SNR
			"${SOX[@]}" -m "$tmp/sp.wav" -v "$(awk -v s="$snr" 'BEGIN{printf "%.4f", 10^((-18-s+6)/20)}')" "$tmp/n.wav" "${OUT[@]}" "noisy_${nz}_snr${snr}_$r.wav"
			add "noisy_${nz}_snr${snr}_$r.wav" noisy "en-us+$v -p $p, $nz at about $snr dB below the speech: ${english[$t]}"
			k=$((k + 1))
		done
	done
done

# 4. loud and clipped speech: peak 0 dBFS, then +6, +12 and +20 dB into the clipper
m=0
for g in 0 6 12 20; do
	for r in 0 1 2 3; do
		v=${variants[$(((m * 7 + 3) % ${#variants[@]}))]}
		t=$(((m * 5 + 2) % ${#english[@]}))
		p=${pitches[$(((m * 5) % ${#pitches[@]}))]}
		s=${speeds[$((m % ${#speeds[@]}))]}
		speak "en-us+$v" "$s" "$p" "${english[$t]}" "$tmp/x.wav"
		"${SOX[@]}" "$tmp/x.wav" -b 16 "$tmp/l.wav" gain -n 0 gain "$g"
		"${SOX[@]}" "$tmp/l.wav" "${OUT[@]}" "loud_gain${g}_$r.wav"
		add "loud_gain${g}_$r.wav" loud "en-us+$v -s $s -p $p, peak 0 dBFS then +$g dB (clipped): ${english[$t]}"
		m=$((m + 1))
	done
done

# 5. music: hold-music-like chord progressions and melodies made with sox synth.
# chord CHORD_SEMITONES... renders notes (semitones from A4) as one chord.
chord() { # chord DUR SHAPE OUT semitone...
	local dur=$1 shape=$2 out=$3
	shift 3
	local args=()
	for st in "$@"; do args+=("$shape" "%$st"); done
	"${SOX[@]}" -n -r 8000 -c $# -b 16 "$out" synth "$dur" "${args[@]}" remix - fade 0.02 "$dur" 0.05
}
# progressions (I-vi-IV-V and friends) in several keys, triads and sevenths
progs=(
	"-9 -5 -2|-12 -9 -5|-16 -12 -9|-14 -10 -7"
	"-7 -3 0|-10 -7 -3|-14 -10 -7|-12 -8 -5"
	"0 4 7|-3 0 4|-7 -3 0|-5 -1 2"
	"-4 0 3 7|-7 -4 0 3|-11 -7 -4 0|-9 -5 -2 2"
	"3 7 10|0 3 7|-4 0 3|-2 2 5"
	"-21 -9 -5 -2|-24 -12 -9 -5|-28 -16 -12 -9|-26 -14 -10 -7"
)
shapes=(sine triangle square sawtooth pluck trapezium)
q=0
for pr in "${progs[@]}"; do
	for sh in "${shapes[@]}"; do
		[ $(((q + ${#sh}) % 2)) = 0 ] || { q=$((q + 1)); continue; }
		IFS='|' read -r -a cs <<<"$pr"
		parts=()
		c=0
		for ch in "${cs[@]}" "${cs[@]}"; do
			# shellcheck disable=SC2086
			chord 0.5 "$sh" "$tmp/c$c.wav" $ch
			parts+=("$tmp/c$c.wav")
			c=$((c + 1))
		done
		f="music_chords_${sh}_$q.wav"
		"${SOX[@]}" "${parts[@]}" "$tmp/m.wav"
		"${SOX[@]}" "$tmp/m.wav" "${OUT[@]}" "$f" sinc 300-3400 reverb 40 gain -n -10
		add "$f" music "sox synth $sh chords (semitones from A4) $pr, twice, 0.5 s each, reverb"
		q=$((q + 1))
	done
done
# melodies over a bass line: arpeggios and scales that pass near DTMF frequencies
mel=(
	"0 4 7 12 16 19 24 19 16 12 7 4"
	"8 10 12 13 15 17 19 20 19 17 15 13"
	"-4 3 8 15 20 15 8 3 -4 3 8 15"
	"10 14 17 22 26 22 17 14 10 14 17 22"
)
w=0
for ml in "${mel[@]}"; do
	for sh in pluck triangle sine; do
		parts=()
		c=0
		for st in $ml; do
			bass=$((st % 12 - 24))
			chord 0.25 "$sh" "$tmp/n$c.wav" "$st" "$bass"
			parts+=("$tmp/n$c.wav")
			c=$((c + 1))
		done
		f="music_melody_${sh}_$w.wav"
		"${SOX[@]}" "${parts[@]}" "$tmp/m.wav"
		"${SOX[@]}" "$tmp/m.wav" "${OUT[@]}" "$f" sinc 300-3400 chorus 0.7 0.9 55 0.4 0.25 2 -t gain -n -10
		add "$f" music "sox synth $sh melody with bass (semitones from A4) $ml, 0.25 s a note, chorus"
		w=$((w + 1))
	done
done
# speech over hold music (an announcement on a music-on-hold line)
for h in 0 1 2 3; do
	v=${variants[$((h * 9 % ${#variants[@]}))]}
	speak "en-us+$v" 170 "${pitches[$((h * 2))]}" "${english[10]}" "$tmp/x.wav"
	"${SOX[@]}" "$tmp/x.wav" "$tmp/sp.wav" gain -10
	IFS='|' read -r -a cs <<<"${progs[$h]}"
	parts=()
	c=0
	for ch in "${cs[@]}" "${cs[@]}"; do
		# shellcheck disable=SC2086
		chord 0.5 triangle "$tmp/c$c.wav" $ch
		parts+=("$tmp/c$c.wav")
		c=$((c + 1))
	done
	"${SOX[@]}" "${parts[@]}" "$tmp/m.wav" gain -n -20
	"${SOX[@]}" -m "$tmp/sp.wav" "$tmp/m.wav" "${OUT[@]}" "music_with_speech_$h.wav" trim 0 2.5
	add "music_with_speech_$h.wav" music "en-us+$v announcement over triangle chords ${progs[$h]}"
done

echo "gen.sh: $n files, $(du -ch ./*.wav | tail -1 | cut -f1), $(soxi -DT ./*.wav | cut -d. -f1) s" >&2
