// Package mtp speaks the PTP/MTP container protocol (PIMA 15740, USB Still Image
// Capture class, MTP 1.1) to a phone over a pair of bulk pipes. It knows nothing
// about USB itself: the caller supplies the pipes (devices/usbfs on Linux, a fake
// responder in tests), so every byte the device answers can be tested.
package mtp

import "fmt"

// Operation codes (PIMA 15740 table 22, MTP 1.1 appendix D).
const (
	OpGetDeviceInfo    uint16 = 0x1001
	OpOpenSession      uint16 = 0x1002
	OpCloseSession     uint16 = 0x1003
	OpGetStorageIDs    uint16 = 0x1004
	OpGetStorageInfo   uint16 = 0x1005
	OpGetNumObjects    uint16 = 0x1006
	OpGetObjectHandles uint16 = 0x1007
	OpGetObjectInfo    uint16 = 0x1008
	OpGetObject        uint16 = 0x1009
	OpDeleteObject     uint16 = 0x100B
	OpSendObjectInfo   uint16 = 0x100C
	OpSendObject       uint16 = 0x100D
	OpFormatStore      uint16 = 0x100F
)

// Response codes (PIMA 15740 table 27, MTP 1.1 appendix F).
const (
	RespOK                         uint16 = 0x2001
	RespGeneralError               uint16 = 0x2002
	RespSessionNotOpen             uint16 = 0x2003
	RespInvalidTransactionID       uint16 = 0x2004
	RespOperationNotSupported      uint16 = 0x2005
	RespParameterNotSupported      uint16 = 0x2006
	RespIncompleteTransfer         uint16 = 0x2007
	RespInvalidStorageID           uint16 = 0x2008
	RespInvalidObjectHandle        uint16 = 0x2009
	RespDevicePropNotSupported     uint16 = 0x200A
	RespInvalidObjectFormatCode    uint16 = 0x200B
	RespStoreFull                  uint16 = 0x200C
	RespObjectWriteProtected       uint16 = 0x200D
	RespStoreReadOnly              uint16 = 0x200E
	RespAccessDenied               uint16 = 0x200F
	RespNoThumbnailPresent         uint16 = 0x2010
	RespSelfTestFailed             uint16 = 0x2011
	RespPartialDeletion            uint16 = 0x2012
	RespStoreNotAvailable          uint16 = 0x2013
	RespSpecByFormatUnsupported    uint16 = 0x2014
	RespNoValidObjectInfo          uint16 = 0x2015
	RespInvalidCodeFormat          uint16 = 0x2016
	RespUnknownVendorCode          uint16 = 0x2017
	RespCaptureAlreadyTerminated   uint16 = 0x2018
	RespDeviceBusy                 uint16 = 0x2019
	RespInvalidParentObject        uint16 = 0x201A
	RespInvalidDevicePropFormat    uint16 = 0x201B
	RespInvalidDevicePropValue     uint16 = 0x201C
	RespInvalidParameter           uint16 = 0x201D
	RespSessionAlreadyOpen         uint16 = 0x201E
	RespTransactionCancelled       uint16 = 0x201F
	RespSpecOfDestinationUnsupport uint16 = 0x2020
	RespObjectTooLarge             uint16 = 0xA809 // MTP
)

// Object formats used here.
const (
	FormatUndefined   uint16 = 0x3000
	FormatAssociation uint16 = 0x3001 // a folder
)

// Special handle values.
const (
	// ParentRoot names the root of a storage in GetObjectHandles and
	// SendObjectInfo.
	ParentRoot uint32 = 0xFFFFFFFF
	// AllStorages asks GetObjectHandles for every storage.
	AllStorages uint32 = 0xFFFFFFFF
)

var opNames = map[uint16]string{
	OpGetDeviceInfo:    "GetDeviceInfo",
	OpOpenSession:      "OpenSession",
	OpCloseSession:     "CloseSession",
	OpGetStorageIDs:    "GetStorageIDs",
	OpGetStorageInfo:   "GetStorageInfo",
	OpGetNumObjects:    "GetNumObjects",
	OpGetObjectHandles: "GetObjectHandles",
	OpGetObjectInfo:    "GetObjectInfo",
	OpGetObject:        "GetObject",
	OpDeleteObject:     "DeleteObject",
	OpSendObjectInfo:   "SendObjectInfo",
	OpSendObject:       "SendObject",
	OpFormatStore:      "FormatStore",
}

var respNames = map[uint16]string{
	RespOK:                         "OK",
	RespGeneralError:               "General_Error",
	RespSessionNotOpen:             "Session_Not_Open",
	RespInvalidTransactionID:       "Invalid_TransactionID",
	RespOperationNotSupported:      "Operation_Not_Supported",
	RespParameterNotSupported:      "Parameter_Not_Supported",
	RespIncompleteTransfer:         "Incomplete_Transfer",
	RespInvalidStorageID:           "Invalid_StorageID",
	RespInvalidObjectHandle:        "Invalid_ObjectHandle",
	RespDevicePropNotSupported:     "DeviceProp_Not_Supported",
	RespInvalidObjectFormatCode:    "Invalid_ObjectFormatCode",
	RespStoreFull:                  "Store_Full",
	RespObjectWriteProtected:       "Object_WriteProtected",
	RespStoreReadOnly:              "Store_Read_Only",
	RespAccessDenied:               "Access_Denied",
	RespNoThumbnailPresent:         "No_Thumbnail_Present",
	RespSelfTestFailed:             "SelfTest_Failed",
	RespPartialDeletion:            "Partial_Deletion",
	RespStoreNotAvailable:          "Store_Not_Available",
	RespSpecByFormatUnsupported:    "Specification_By_Format_Unsupported",
	RespNoValidObjectInfo:          "No_Valid_ObjectInfo",
	RespInvalidCodeFormat:          "Invalid_Code_Format",
	RespUnknownVendorCode:          "Unknown_Vendor_Code",
	RespCaptureAlreadyTerminated:   "Capture_Already_Terminated",
	RespDeviceBusy:                 "Device_Busy",
	RespInvalidParentObject:        "Invalid_ParentObject",
	RespInvalidDevicePropFormat:    "Invalid_DeviceProp_Format",
	RespInvalidDevicePropValue:     "Invalid_DeviceProp_Value",
	RespInvalidParameter:           "Invalid_Parameter",
	RespSessionAlreadyOpen:         "Session_Already_Open",
	RespTransactionCancelled:       "Transaction_Cancelled",
	RespSpecOfDestinationUnsupport: "Specification_of_Destination_Unsupported",
	RespObjectTooLarge:             "Object_Too_Large",
}

// OpName names an operation code, or gives it in hex when unknown.
func OpName(op uint16) string {
	if n, ok := opNames[op]; ok {
		return n
	}
	return fmt.Sprintf("operation 0x%04x", op)
}

// ResponseName names a response code, or gives it in hex when unknown.
func ResponseName(code uint16) string {
	if n, ok := respNames[code]; ok {
		return n
	}
	return fmt.Sprintf("unknown response 0x%04x", code)
}

// ResponseError is a transaction the device completed with a response code other
// than OK. Callers test the code with errors.As (for example RespStoreFull).
type ResponseError struct {
	Op   uint16
	Code uint16
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("%s: device answered %s (0x%04x)", OpName(e.Op), ResponseName(e.Code), e.Code)
}

// Known reports whether the response code is one the standards define.
func (e *ResponseError) Known() bool {
	_, ok := respNames[e.Code]
	return ok
}

// ProtocolError is an answer that breaks the container protocol (a short container,
// a wrong transaction ID, an unexpected container type). After one, the connection
// is out of step with the device and every later call fails at once.
type ProtocolError struct {
	Op     uint16
	Reason string
}

func (e *ProtocolError) Error() string {
	return fmt.Sprintf("%s: protocol error: %s", OpName(e.Op), e.Reason)
}
