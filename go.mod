module github.com/wipestation/wipestation

go 1.26.8

require (
	filippo.io/age v1.2.1
	github.com/alecthomas/kong v1.17.0
	github.com/klauspost/compress v1.18.0
	golang.org/x/sys v0.50.0
)

require golang.org/x/crypto v0.24.0 // indirect
