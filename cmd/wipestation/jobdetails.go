package main

import (
	"slices"
	"strings"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/wipe"
)

// jobDetailFlags are the NIST SP 800-88 Appendix G facts a technician types in.
// They override the config file's defaults (config.Config.Details); `wipe` can
// embed the same struct.
type jobDetailFlags struct {
	Operator           string   `name:"operator" placeholder:"NAME" help:"Person performing the sanitization."`
	OperatorTitle      string   `name:"operator-title" placeholder:"TITLE" help:"Operator's title."`
	Organization       string   `name:"organization" placeholder:"ORG" help:"Operator's organization."`
	Location           string   `name:"location" placeholder:"PLACE" help:"Where the work is done."`
	Phone              string   `name:"phone" placeholder:"PHONE" help:"Operator's phone."`
	Validator          string   `name:"validator" placeholder:"NAME" help:"Validator's name (leave empty to sign on paper)."`
	ValidatorTitle     string   `name:"validator-title" placeholder:"TITLE" help:"Validator's title."`
	AssetTag           []string `name:"asset-tag" sep:"none" placeholder:"TAG" help:"Media property (asset) number; with several targets, repeat once per target in target order."`
	Source             string   `name:"source" placeholder:"TEXT" help:"Where the medium came from (user name or PC property number)."`
	Classification     string   `name:"classification" placeholder:"TEXT" help:"Classification of the data on the medium."`
	PostClassification string   `name:"post-classification" placeholder:"TEXT" help:"Classification after sanitization."`
	DataBackedUp       string   `name:"data-backed-up" placeholder:"Yes|No|Unknown" help:"Was the data backed up?"`
	BackupLocation     string   `name:"backup-location" placeholder:"TEXT" help:"Where the backup is."`
	Destination        string   `name:"destination" placeholder:"DEST" help:"Internal Reuse, External Reuse, Recycling Facility, Manufacturer or Other."`
	DestinationDetails string   `name:"destination-details" placeholder:"TEXT" help:"More about the destination."`
	Notes              string   `name:"notes" placeholder:"TEXT" help:"Notes printed on the certificate."`
	Lang               string   `name:"lang" placeholder:"en|zh-TW" help:"Certificate language."`
	Standard           []string `name:"standard" sep:"none" placeholder:"TEXT" help:"Standard or policy cited (repeatable; replaces the config file's list)."`
}

// details checks the flags and merges them over the config file's defaults, for
// the target at index i (its asset tag).
func (f *jobDetailFlags) details(cfg *config.Config, i int) (wipe.JobDetails, error) {
	switch f.Lang {
	case "", certificate.LangEnglish, certificate.LangTraditionalChinese:
	default:
		return wipe.JobDetails{}, usagef("--lang %q: want en or zh-TW", f.Lang)
	}
	switch f.DataBackedUp {
	case "", "Yes", "No", "Unknown":
	default:
		return wipe.JobDetails{}, usagef("--data-backed-up %q: want Yes, No or Unknown", f.DataBackedUp)
	}
	if f.Destination != "" && !slices.Contains(config.Destinations(), f.Destination) {
		return wipe.JobDetails{}, usagef("--destination %q: want one of %s", f.Destination, strings.Join(config.Destinations(), ", "))
	}
	return cfg.Details(wipe.JobDetails{
		Operator: wipe.Person{Name: f.Operator, Title: f.OperatorTitle, Organization: f.Organization,
			Location: f.Location, Phone: f.Phone},
		Validator:          wipe.Person{Name: f.Validator, Title: f.ValidatorTitle},
		AssetTag:           f.assetTag(i),
		Source:             f.Source,
		Classification:     f.Classification,
		PostClassification: f.PostClassification,
		DataBackedUp:       f.DataBackedUp,
		BackupLocation:     f.BackupLocation,
		Destination:        f.Destination,
		DestinationDetails: f.DestinationDetails,
		Notes:              f.Notes,
		Language:           f.Lang,
		Standards:          f.Standard,
	}), nil
}

// assetTag is the asset tag given for the target at index i, if any.
func (f *jobDetailFlags) assetTag(i int) string {
	if i < len(f.AssetTag) {
		return f.AssetTag[i]
	}
	return ""
}
