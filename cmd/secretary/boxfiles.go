package main

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"secretary/firmware/backup"
)

// outFile is a file written whole or not at all: a temporary file beside
// it, synced and renamed into place by commit; abort removes it.
type outFile struct {
	*os.File
	path string
	done bool
}

func createOut(path string) (*outFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		return nil, err
	}
	return &outFile{File: f, path: path}, nil
}

func (o *outFile) commit() error {
	o.done = true
	if err := o.Sync(); err != nil {
		o.Close()
		os.Remove(o.Name())
		return err
	}
	if err := o.Close(); err != nil {
		os.Remove(o.Name())
		return err
	}
	if err := os.Rename(o.Name(), o.path); err != nil {
		os.Remove(o.Name())
		return err
	}
	return nil
}

func (o *outFile) abort() {
	if !o.done {
		o.done = true
		o.Close()
		os.Remove(o.Name())
	}
}

// untar writes the messages archive (msgs export) into dir: regular files
// with plain names only (a WAV per message and index.json); it returns the
// names written.
func untar(r io.Reader, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tr := tar.NewReader(r)
	var names []string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return names, nil
		}
		if err != nil {
			return names, fmt.Errorf("reading the messages: %w", err)
		}
		if h.Typeflag != tar.TypeReg || !backup.ValidName(h.Name) || strings.Contains(h.Name, "/") {
			return names, fmt.Errorf("the messages hold an unexpected entry %q", h.Name)
		}
		out, err := createOut(filepath.Join(dir, h.Name))
		if err != nil {
			return names, err
		}
		if _, err := io.Copy(out, tr); err != nil {
			out.abort()
			return names, err
		}
		if err := out.commit(); err != nil {
			return names, err
		}
		names = append(names, h.Name)
	}
}
