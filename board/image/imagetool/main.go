package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"secretary/board/bootfile"
	"secretary/board/image/disk"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "imagetool: %v\n", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: imagetool parts IMAGE | template | flash [--force] IMAGE DEVICE")

func run(args []string, out, log io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	switch args[0] {
	case "parts":
		if len(args) != 2 {
			return errUsage
		}
		f, err := os.Open(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		ps, err := disk.Partitions(f)
		if err != nil {
			return err
		}
		for _, p := range ps {
			fmt.Fprintf(out, "%d %d %d\n", p.Number, p.Start, p.Size)
		}
		return nil
	case "template":
		_, err := io.WriteString(out, bootfile.Template())
		return err
	case "flash":
		fs := flag.NewFlagSet("flash", flag.ContinueOnError)
		fs.SetOutput(log)
		force := fs.Bool("force", false, "write a device larger than an SD card usually is")
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 2 {
			return errUsage
		}
		return disk.Flash(disk.Linux(), fs.Arg(0), fs.Arg(1), *force, log)
	}
	return errUsage
}
