// Package qemutest boots the virt image (make image-test) under
// qemu-system-aarch64 and drives the owner's console on its emulated
// serial port: the firmware comes up, status and selftest answer, a list
// entry survives a power cut and a reboot, an installer settings file on
// the boot partition is read, and a new root file system (written as an
// update would write it) keeps the data on /perm and changes the version.
//
// The test needs the image (SECRETARY_IMAGE, set by make image-test),
// qemu-system-aarch64 (Debian qemu-system-arm) and mtools; without them it
// says so and skips. It has no code outside its test.
//
// Imports (test): board/image/disk, the standard library.
package qemutest
