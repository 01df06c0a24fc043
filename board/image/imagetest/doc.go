// Package imagetest checks the image. On every test run: its gokrazy
// instances (the flags each board's firmware gets, no network listener,
// the pinned builddirs, no machine's path committed). With make
// image-test: it boots the virt image under qemu-system-aarch64 and drives
// the owner's console on the emulated serial port: the firmware comes up,
// status and selftest answer, a list entry survives a power cut and a
// reboot, an installer settings file on the boot partition is read, and a
// new root file system (written as an update writes it) keeps the data on
// /perm and changes the version.
//
// The boot test needs the image (SECRETARY_IMAGE, set by make image-test),
// qemu-system-aarch64 (Debian qemu-system-arm) and mtools; without them it
// says so and skips. The package has no code outside its tests.
//
// Imports (test): board/image/disk, board/rpi, the standard library.
package imagetest
