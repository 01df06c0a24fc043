package disk

import (
	"fmt"
	"io"
	"os"
)

// Flash writes an image file to a device after the checks (see Check;
// force allows a device larger than MaxCardSize), then reads the device
// back and compares. log gets what is happening, for the installer.
func Flash(h Host, image, device string, force bool, log io.Writer) error {
	img, err := os.Open(image)
	if err != nil {
		return fmt.Errorf("%w (build it first: make image BOARD=...)", err)
	}
	defer img.Close()
	fi, err := img.Stat()
	if err != nil {
		return err
	}
	if _, err := Partitions(img); err != nil {
		return fmt.Errorf("%s is not a secretary image: %w", image, err)
	}
	t, err := h.Inspect(device)
	if err != nil {
		return err
	}
	if err := t.Check(fi.Size(), force); err != nil {
		return err
	}
	fmt.Fprintf(log, "writing %s (%d MB) to %s\n", image, fi.Size()>>20, t)
	if err := Write(device, img, fi.Size(), log); err != nil {
		return err
	}
	dev, err := os.Open(device)
	if err != nil {
		return err
	}
	defer dev.Close()
	if err := Verify(dev, img, fi.Size(), log); err != nil {
		return err
	}
	fmt.Fprintf(log, "done: the card holds the image; put it in the box\n")
	return nil
}
