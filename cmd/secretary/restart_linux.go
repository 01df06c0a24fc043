package main

import "syscall"

// restartSystem syncs the disks and restarts the machine (the owner's
// reboot on a real box; the firmware has already stopped and released the
// relay).
func restartSystem() error {
	syscall.Sync()
	return syscall.Reboot(syscall.LINUX_REBOOT_CMD_RESTART)
}
