//go:build tools

// Package tools pins the gokrazy tool (gok) that builds the image: the
// module proxy refuses "go install ...@latest" for it, so the build
// compiles it from this module (go build github.com/gokrazy/tools/cmd/gok).
package tools

import _ "github.com/gokrazy/tools/cmd/gok"
