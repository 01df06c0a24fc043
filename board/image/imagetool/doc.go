// Command imagetool is the image build's helper and the installer's
// flashing tool, run by board/image/build.sh and the Makefile:
//
//	imagetool parts IMAGE             # "NUMBER START SIZE" of each partition, in bytes
//	imagetool template                # secretary.txt as the image ships it
//	imagetool flash [--force] IMAGE DEVICE
//
// flash refuses a device that is mounted, holds this computer's system, is
// a partition, has no card, is smaller than the image, or (unless --force)
// is larger than an SD card usually is; then writes, syncs and reads the
// card back to compare. It never runs on the box.
//
// Imports: board/image/disk, board/bootfile, the standard library.
package main
