// Package disk is what the image tools need of disks and disk images:
// the GPT partition table of an image (Partitions), and writing an image to
// an SD card safely (Host.Inspect, Target.Check, Write, Verify).
//
// The safety checks read the machine through Host (sysfs, the mount table,
// the swap list), so tests give them a made-up machine. A card is refused
// when it, one of its partitions or anything built on them (device mapper)
// is mounted or used for swap, when it holds the running system's root or
// boot file system, when it is a partition rather than the whole card, when
// it is smaller than the image or empty (no card in the reader), and, unless
// forced, when it is larger than an SD card usually is (MaxCardSize).
//
// Imports: the standard library only.
package disk
