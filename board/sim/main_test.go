package sim_test

import (
	"os"
	"testing"
	"time"

	"secretary/board/sim/simtest"
)

// TestMain lets the test binary play the simulated hardware
// ("TESTBIN simhw --socket PATH", like "secretary simhw").
func TestMain(m *testing.M) {
	simtest.MainHook(20 * time.Second)
	os.Exit(m.Run())
}
