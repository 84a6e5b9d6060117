package certificate

import "github.com/wipestation/wipestation/wipe"

// reformatText renders a SCSI FORMAT UNIT's facts (wipe.ReformatOutcome) in the
// certificate's language.
func (l *labels) reformatText(r *wipe.ReformatOutcome) string {
	geometry := func(g wipe.BlockGeometry) string {
		return l.geometry(groupDigits(int64(g.LogicalBlockBytes)), groupDigits(int64(g.LogicalBlocks)), g.ProtectionType)
	}
	after := l.formatNotEnded
	if r.After != nil {
		after = geometry(*r.After)
	}
	si := l.siUsed
	switch {
	case !r.SecurityInitializeRequested:
		si = l.none
	case r.After == nil && !r.SecurityInitialize:
		si = l.siNotReached
	case !r.SecurityInitialize:
		si = l.siRefused
	}
	return l.reformatFmt(geometry(r.Before), after, si, r.Pattern)
}
