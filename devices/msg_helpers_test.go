package devices

// ineligibleText is d's refusal in English, for assertions on its words.
func ineligibleText(d Device) string {
	if d.Ineligible == nil {
		return ""
	}
	return d.Ineligible.String()
}
