//go:build tools

// Package deadcode pins golang.org/x/tools/cmd/deadcode, which `make
// deadcode` builds from this module to list functions the firmware binary
// never reaches. A module of its own, so the tool's dependencies never
// move the firmware's or the image builder's.
package deadcode

import _ "golang.org/x/tools/cmd/deadcode"
