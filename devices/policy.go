package devices

// Recommend returns the methods that apply to d, strongest first, each with its
// class and why. The whole policy is one table in this file, to be audited against
// NIST SP 800-88 and IEEE 2883.
//
// (Skeleton: the discovery work fills this in.)
func Recommend(d Device) []Recommendation { return nil }
