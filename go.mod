module secretary

go 1.26.8

require (
	github.com/BurntSushi/toml v1.4.0 // indirect
	github.com/creack/pty v1.1.24 // indirect
	github.com/emersion/go-vcard v0.0.0-20260618161152-d854b7e0e2d3 // indirect
	github.com/gen2brain/alsa v0.3.0 // indirect
	github.com/jonboulle/clockwork v0.4.0 // indirect
	github.com/mdlayher/watchdog v0.0.0-20221003142519-49be0df7b3b5 // indirect
	github.com/zaf/g711 v1.4.0 // indirect
	go.bug.st/serial v1.8.0 // indirect
	go.etcd.io/bbolt v1.5.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/term v0.47.0 // indirect
	periph.io/x/conn/v3 v3.7.2 // indirect
	periph.io/x/host/v3 v3.8.5 // indirect
)
