package sim_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"secretary/board/sim"
)

// TestMain lets the test binary play two other programs, so the tests need
// no prebuilt secretary binary:
//
//	TESTBIN simhw --socket PATH     the simulated hardware (like "secretary simhw")
//	TESTBIN standin --socket PATH   the kill test's stand-in firmware
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && (os.Args[1] == "simhw" || os.Args[1] == "standin") {
		fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
		socket := fs.String("socket", "", "")
		fs.Parse(os.Args[2:])
		var err error
		if os.Args[1] == "simhw" {
			err = sim.Serve(context.Background(), sim.ServerConfig{Socket: *socket, IdleExit: 20 * time.Second})
		} else {
			err = standIn(*socket)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
