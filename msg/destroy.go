package msg

var destroy = map[ID]text{}
