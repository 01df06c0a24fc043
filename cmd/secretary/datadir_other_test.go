//go:build !linux

package main

// childSetup prepares the command's child process (see the Linux one).
func childSetup() {}
