// Code generated from pulumi-aws v7.41.0's Go SDK (aws.ProviderArgs and the Provider*
// types of its fields); tests/awsconfig_test.go derives it again by reflection and
// prints this file when the SDK changes. Do not edit by hand.

package sim

// AWSConfigKeys are the aws provider's configuration keys (aws:<key>) in the
// pulumi-aws version vpclab builds with, each with the fields its object (or
// each object of its list) takes; nil for a key that takes a plain value.
var AWSConfigKeys = map[string][]string{
	"accessKey":                      nil,
	"allowedAccountIds":              nil,
	"assumeRoleWithWebIdentity":      {"duration", "policy", "policyArns", "roleArn", "sessionName", "webIdentityToken", "webIdentityTokenFile"},
	"assumeRoles":                    {"duration", "externalId", "policy", "policyArns", "roleArn", "sessionName", "sourceIdentity", "tags", "transitiveTagKeys"},
	"customCaBundle":                 nil,
	"defaultTags":                    {"tags"},
	"ec2MetadataServiceEndpoint":     nil,
	"ec2MetadataServiceEndpointMode": nil,
	"endpoints":                      {"accessanalyzer", "account", "acm", "acmpca", "amg", "amp", "amplify", "apigateway", "apigatewayv2", "appautoscaling", "appconfig", "appfabric", "appflow", "appintegrations", "appintegrationsservice", "applicationautoscaling", "applicationinsights", "applicationsignals", "appmesh", "appregistry", "apprunner", "appstream", "appsync", "arcregionswitch", "arczonalshift", "athena", "auditmanager", "autoscaling", "autoscalingplans", "backup", "batch", "bcmdataexports", "beanstalk", "bedrock", "bedrockagent", "bedrockagentcore", "billing", "budgets", "ce", "chatbot", "chime", "chimesdkmediapipelines", "chimesdkvoice", "cleanrooms", "cloud9", "cloudcontrol", "cloudcontrolapi", "cloudformation", "cloudfront", "cloudfrontkeyvaluestore", "cloudhsm", "cloudhsmv2", "cloudsearch", "cloudtrail", "cloudwatch", "cloudwatchevents", "cloudwatchevidently", "cloudwatchlog", "cloudwatchlogs", "cloudwatchobservabilityaccessmanager", "cloudwatchrum", "codeartifact", "codebuild", "codecatalyst", "codecommit", "codeconnections", "codedeploy", "codeguruprofiler", "codegurureviewer", "codepipeline", "codestarconnections", "codestarnotifications", "cognitoidentity", "cognitoidentityprovider", "cognitoidp", "comprehend", "computeoptimizer", "config", "configservice", "connect", "connectcases", "controltower", "costandusagereportservice", "costexplorer", "costoptimizationhub", "cur", "customerprofiles", "databasemigration", "databasemigrationservice", "databrew", "dataexchange", "datapipeline", "datasync", "datazone", "dax", "deploy", "detective", "devicefarm", "devopsagent", "devopsguru", "directconnect", "directoryservice", "dlm", "dms", "docdb", "docdbelastic", "drs", "ds", "dsql", "dynamodb", "ec2", "ecr", "ecrpublic", "ecs", "efs", "eks", "elasticache", "elasticbeanstalk", "elasticloadbalancing", "elasticloadbalancingv2", "elasticsearch", "elasticsearchservice", "elastictranscoder", "elb", "elbv2", "emr", "emrcontainers", "emrserverless", "es", "eventbridge", "events", "evidently", "evs", "finspace", "firehose", "fis", "fms", "fsx", "gamelift", "glacier", "globalaccelerator", "glue", "gluedatabrew", "grafana", "greengrass", "groundstation", "guardduty", "healthlake", "iam", "identitystore", "imagebuilder", "inspector", "inspector2", "inspectorv2", "interconnect", "internetmonitor", "invoicing", "iot", "ivs", "ivschat", "kafka", "kafkaconnect", "kendra", "keyspaces", "kinesis", "kinesisanalytics", "kinesisanalyticsv2", "kinesisvideo", "kms", "lakeformation", "lambda", "lambdamicrovms", "launchwizard", "lex", "lexmodelbuilding", "lexmodelbuildingservice", "lexmodels", "lexmodelsv2", "lexv2models", "licensemanager", "lightsail", "location", "locationservice", "logs", "m2", "macie2", "mailmanager", "managedgrafana", "mediaconnect", "mediaconvert", "medialive", "mediapackage", "mediapackagev2", "mediapackagevod", "mediastore", "memorydb", "mgn", "mpa", "mq", "msk", "mwaa", "mwaaserverless", "neptune", "neptunegraph", "networkfirewall", "networkflowmonitor", "networkmanager", "networkmonitor", "notifications", "notificationscontacts", "oam", "observabilityadmin", "odb", "opensearch", "opensearchingestion", "opensearchserverless", "opensearchservice", "organizations", "osis", "outposts", "paymentcryptography", "pcaconnectorad", "pcs", "pinpoint", "pinpointsmsvoicev2", "pipes", "polly", "pricing", "prometheus", "prometheusservice", "qbusiness", "qldb", "quicksight", "ram", "rbin", "rds", "rdsdata", "rdsdataservice", "recyclebin", "redshift", "redshiftdata", "redshiftdataapiservice", "redshiftserverless", "rekognition", "resiliencehub", "resiliencehubv2", "resourceexplorer2", "resourcegroups", "resourcegroupstagging", "resourcegroupstaggingapi", "rolesanywhere", "route53", "route53domains", "route53profiles", "route53recoverycontrolconfig", "route53recoveryreadiness", "route53resolver", "rum", "s3", "s3api", "s3control", "s3files", "s3outposts", "s3tables", "s3vectors", "sagemaker", "savingsplans", "scheduler", "schemas", "secretsmanager", "securityhub", "securitylake", "serverlessapplicationrepository", "serverlessapprepo", "serverlessrepo", "servicecatalog", "servicecatalogappregistry", "servicediscovery", "servicequotas", "ses", "sesv2", "sfn", "shield", "signer", "sns", "sqs", "ssm", "ssmcontacts", "ssmincidents", "ssmquicksetup", "ssmsap", "sso", "ssoadmin", "stepfunctions", "storagegateway", "sts", "swf", "synthetics", "taxsettings", "timestreaminfluxdb", "timestreamquery", "timestreamwrite", "transcribe", "transcribeservice", "transfer", "uxc", "verifiedpermissions", "vpclattice", "waf", "wafregional", "wafv2", "wellarchitected", "workmail", "workspaces", "workspacesweb", "xray"},
	"forbiddenAccountIds":            nil,
	"httpProxy":                      nil,
	"httpsProxy":                     nil,
	"ignoreTags":                     {"keyPrefixes", "keys"},
	"insecure":                       nil,
	"maxRetries":                     nil,
	"noProxy":                        nil,
	"profile":                        nil,
	"region":                         nil,
	"retryMode":                      nil,
	"s3UsEast1RegionalEndpoint":      nil,
	"s3UsePathStyle":                 nil,
	"secretKey":                      nil,
	"sharedConfigFiles":              nil,
	"sharedCredentialsFiles":         nil,
	"skipCredentialsValidation":      nil,
	"skipMetadataApiCheck":           nil,
	"skipRegionValidation":           nil,
	"skipRequestingAccountId":        nil,
	"stsRegion":                      nil,
	"tagPolicyCompliance":            nil,
	"token":                          nil,
	"tokenBucketRateLimiterCapacity": nil,
	"useDualstackEndpoint":           nil,
	"useFipsEndpoint":                nil,
	"userAgents":                     nil,
}
