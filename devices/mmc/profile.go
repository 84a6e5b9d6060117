package mmc

import "fmt"

// MediaClass says what can be done to a disc; the values match devices.MediaClass.
type MediaClass string

// The disc classes.
const (
	MediaNone       MediaClass = "none"
	MediaROM        MediaClass = "rom"
	MediaWriteOnce  MediaClass = "write-once"
	MediaRewritable MediaClass = "rewritable"
)

// EraseKind is how a rewritable disc is erased.
type EraseKind int

// The erase kinds.
const (
	// EraseNone: the disc cannot be erased (ROM, write-once, none).
	EraseNone EraseKind = iota
	// EraseBlank: sequential rewritable media (CD-RW, DVD-RW) take BLANK (full);
	// afterwards nothing is readable.
	EraseBlank
	// EraseOverwrite: random-access rewritable media (DVD+RW, DVD-RAM, BD-RE) are
	// formatted (or already are) and every block is overwritten with zeros; a
	// quick re-format alone leaves the old data readable.
	EraseOverwrite
)

// Profile is one row of the MMC profile table (MMC-6 table 91).
type Profile struct {
	Number uint16
	Name   string
	Media  MediaClass
	Erase  EraseKind
	// FormatType is the FORMAT UNIT format type for random-access media that
	// need a format before writing (0 when not needed or not applicable).
	FormatType byte
}

var profiles = []Profile{
	{0x0000, "no disc", MediaNone, EraseNone, 0},
	{0x0008, "CD-ROM", MediaROM, EraseNone, 0},
	{0x0009, "CD-R", MediaWriteOnce, EraseNone, 0},
	{0x000A, "CD-RW", MediaRewritable, EraseBlank, 0},
	{0x0010, "DVD-ROM", MediaROM, EraseNone, 0},
	{0x0011, "DVD-R", MediaWriteOnce, EraseNone, 0},
	{0x0012, "DVD-RAM", MediaRewritable, EraseOverwrite, 0},
	{0x0013, "DVD-RW (restricted overwrite)", MediaRewritable, EraseBlank, 0},
	{0x0014, "DVD-RW (sequential)", MediaRewritable, EraseBlank, 0},
	{0x0015, "DVD-R DL (sequential)", MediaWriteOnce, EraseNone, 0},
	{0x0016, "DVD-R DL (layer jump)", MediaWriteOnce, EraseNone, 0},
	{0x001A, "DVD+RW", MediaRewritable, EraseOverwrite, 0x26},
	{0x001B, "DVD+R", MediaWriteOnce, EraseNone, 0},
	{0x002A, "DVD+RW DL", MediaRewritable, EraseOverwrite, 0x26},
	{0x002B, "DVD+R DL", MediaWriteOnce, EraseNone, 0},
	{0x0040, "BD-ROM", MediaROM, EraseNone, 0},
	{0x0041, "BD-R (sequential)", MediaWriteOnce, EraseNone, 0},
	{0x0042, "BD-R (random)", MediaWriteOnce, EraseNone, 0},
	{0x0043, "BD-RE", MediaRewritable, EraseOverwrite, 0x30},
}

// LookupProfile returns the row for a profile number. Unknown profiles are
// treated as ROM: nothing is written to a disc we cannot name.
func LookupProfile(n uint16) Profile {
	for _, p := range profiles {
		if p.Number == n {
			return p
		}
	}
	return Profile{Number: n, Name: fmt.Sprintf("unknown profile 0x%04x", n), Media: MediaROM, Erase: EraseNone}
}
