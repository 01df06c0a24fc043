#!/bin/sh
# make-prompts.sh: synthesise the default prompts as 8 kHz mono u-law WAVs
# into wav/. Needs espeak-ng and sox (apt-get install espeak-ng sox).
# The output is committed; run this only to change the wording.
set -eu
cd "$(dirname "$0")"
mkdir -p wav
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say() { # name text
	espeak-ng -v en-us -s 165 -w "$tmp/$1.raw.wav" "$2"
	sox "$tmp/$1.raw.wav" -r 8000 -c 1 -e u-law -b 8 "wav/$1.wav" norm -3 \
		silence 1 0.02 1% reverse silence 1 0.02 1% reverse pad 0 0.08
}

say greeting      "Hello. You have reached the office. Calls are being screened."
say name-reason   "Please say your name and the reason for your call after the tone."
say hold          "Please hold while I see if they are available."
say connecting    "Connecting you now."
say goodbye       "Thank you. Goodbye."
say voicemail     "Nobody can take your call right now. Please leave a message after the tone."
say challenge     "To continue, please press"
say blocked       "This number does not accept your calls. Goodbye."
say screened-call "Screened call from"
say options       "Press 1 to accept, 2 for voicemail, 3 to block, 4 to always allow, star to repeat."
say no-number     "a withheld number"
say mailbox-full  "The mailbox is full. Please call again later."
# the switchboard (a person's name is the owner's recording, person-NAME.wav)
say menu-for      "For"
say menu-press    "press"
say menu-message  "To leave a message, press 0."
say extension     "extension"
say call-for      "Call for"
say from          "from"
say forwarding    "Please hold while I put your call through."
say message-for   "Please leave a message for"
say after-tone    "after the tone."
say record-voice  "After the beep, say the name. Then hang up."
sox -n -r 8000 -c 1 -e u-law -b 8 wav/beep.wav synth 0.3 sine 1000 vol 0.5
for d in 0 1 2 3 4 5 6 7 8 9; do
	say "digit-$d" "$d"
done
ls -l wav
