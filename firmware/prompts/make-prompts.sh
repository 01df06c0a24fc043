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
say voicemail     "Nobody can take your call right now. I will take a message."
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
say forwarding    "Please hold while I put your call through."
say message-for   "Please leave a message for"
say after-tone    "after the tone."
say record-voice  "After the beep, say the name. Then hang up."
sox -n -r 8000 -c 1 -e u-law -b 8 wav/beep.wav synth 0.3 sine 1000 vol 0.5
say message-not-kept "Sorry, your message could not be kept. Please call again later."
for d in 0 1 2 3 4 5 6 7 8 9; do
	say "digit-$d" "$d"
done

# taking a message (to the caller)
say callback-same    "To be called back at the number you are calling from, press 1."
say callback-other   "To give another number, key it in, then press pound."
say callback-invalid "That is not a number I can use."
say callback-confirm "You will be called back at"
say urgent-prompt    "If this is urgent, press 9."
say urgent-marked    "Your message is marked urgent."
say leave-message    "Please leave your message after the tone. Hang up when you are done."

# hearing the messages (to the owner); numbers 10-19, the tens and 100
# complete the digit clips for counts, dates and times
say you-have         "You have"
say no-messages      "You have no messages."
say new-message      "new message."
say new-messages     "new messages."
say saved-message    "saved message."
say saved-messages   "saved messages."
say and              "and"
say message          "Message"
say urgent           "urgent,"
say today            "today"
say yesterday        "yesterday"
say at               "at"
say oh               "oh"
say am               "A M."
say pm               "P M."
say from             "from"
say call-back-at     "call back at"
say message-options  "To delete this message, press 7. To save it, press 9. To hear it again, press 4. For the next message, press 6. To hear who called and when, press 5. To exit, press star."
say message-deleted  "Message deleted."
say message-saved    "Message saved."
say no-more-messages "No more messages."
for n in 10 11 12 13 14 15 16 17 18 19 20 30 40 50 60 70 80 90 100; do
	say "n-$n" "$n"
done
for d in Monday Tuesday Wednesday Thursday Friday Saturday Sunday \
	January February March April May June July August September October November December; do
	say "on-$(echo "$d" | tr 'A-Z' 'a-z')" "on $d"
done
ls -l wav
