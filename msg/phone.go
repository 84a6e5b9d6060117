package msg

var phone = map[ID]text{}
