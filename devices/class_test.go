package devices

import "testing"

func TestWeaker(t *testing.T) {
	cases := []struct{ a, b, want Class }{
		{ClassPurge, ClassClear, ClassClear},
		{ClassClear, ClassPurge, ClassClear},
		{ClassClear, ClassOther, ClassOther},
		{ClassDestroy, ClassPurge, ClassPurge},
		{"", ClassPurge, ClassPurge},
		{ClassClear, "", ClassClear},
		{ClassPurge, ClassPurge, ClassPurge},
	}
	for _, c := range cases {
		if got := Weaker(c.a, c.b); got != c.want {
			t.Errorf("Weaker(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}
