# Writes helm/nightshift/values.schema.json from values.yaml: each key's type from its default, its description from
# its "# --" comment, every object closed (a typo fails), and the constraints below. Run it in helm/nightshift after
# changing values.yaml (python3 ../validate/values-schema.py; needs PyYAML); ChartTemplatesTest checks that every
# value is documented and in the schema. It prints the keys left undocumented.
import yaml, json, re
text=open('values.yaml').read()
values=yaml.safe_load(text)
desc={}; stack=[]; pending=[]
for line in text.splitlines():
    s=line.strip()
    if s.startswith('# --'):
        pending=[s[4:].strip()]; continue
    if s.startswith('#') and pending:
        pending.append(s[1:].strip()); continue
    m=re.match(r'^(\s*)([A-Za-z0-9_]+):', line)
    if m:
        ind=len(m.group(1))//2
        stack=stack[:ind]+[m.group(2)]
        if pending: desc['.'.join(stack)]=' '.join(pending)
        pending=[]
    elif s and not s.startswith('#'):
        pending=[]
def schema(v,path):
    d={}
    if isinstance(v,dict):
        d={"type":"object","additionalProperties":False,"properties":{k:schema(x,path+[k]) for k,x in v.items()}}
    elif isinstance(v,bool): d={"type":"boolean"}
    elif isinstance(v,int): d={"type":"integer"}
    elif isinstance(v,str): d={"type":"string"}
    elif isinstance(v,list): d={"type":"array"}
    p='.'.join(path)
    if p in desc: d={"description":desc[p],**d}
    return d
s=schema(values,[])
s={"$schema":"http://json-schema.org/draft-07/schema#","title":"Nightshift chart values",**s}
def at(path):
    n=s
    for k in path.split('.'): n=n["properties"][k]
    return n
at("global.kafkaSecurity.mode")["enum"]=["none","properties"]
at("global.kafkaSecurity.kedaKeys")["items"]={"type":"string","enum":["sasl","username","password","tls","ca","cert","key","keyPassword"]}
at("global.kafkaBootstrapServers")["minLength"]=1
at("global.s3.endpoint")["pattern"]="^https?://"
at("global.imagePullSecrets")["items"]={"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}
at("worker.accelerator")["enum"]=["cpu","cuda"]
for k,mn in [("gpusPerWorker",1),("replicas",0),("memoryMiB",2048),("memoryReserveMiB",256),("maxInFlight",1),("drainSeconds",1),("terminationGracePeriodSeconds",1),("tmpSizeMiB",256)]:
    at("worker."+k)["minimum"]=mn
at("worker.memoryHeadroomPercent").update(minimum=0,maximum=50)
at("worker.tile").update(minimum=256,multipleOf=16)
for k in ["cpu","cpuLimit"]: at("worker."+k)["pattern"]="^$|^[0-9]+(\\.[0-9]+)?m?$"
at("dispatcher.cpu")["pattern"]="^[0-9]+(\\.[0-9]+)?m?$"
for pr in ["readiness","liveness","startup"]:
    n=at("worker.probes."+pr)
    for k in n["properties"].values(): k["minimum"]=1
for c in ["worker","dispatcher"]:
    at(c+".extraEnv")["items"]={"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}
    for k in ["nodeSelector","podAnnotations"]:
        at(c+"."+k)["additionalProperties"]={"type":"string"}
    at(c+".affinity").pop("additionalProperties",None)
    at(c+".tolerations")["items"]={"type":"object"}
for k in ["ingress.annotations","serviceAccount.annotations"]:
    at(k)["additionalProperties"]={"type":"string"}
at("autoscaling.mode")["enum"]=["keda","hpa","none"]
at("autoscaling.minReplicaCount")["minimum"]=0
at("autoscaling.maxReplicaCount")["minimum"]=1
for k in ["lagThreshold","activationLagThreshold","scaleDownStabilizationSeconds"]: at("autoscaling.keda."+k)["minimum"]=0
for k in ["pollingInterval","cooldownPeriod","scaleDownPodsPerMinute"]: at("autoscaling.keda."+k)["minimum"]=1
at("autoscaling.hpa.targetCPUUtilizationPercentage").update(minimum=1,maximum=100)
at("dispatcher.replicas")["minimum"]=1
at("dispatcher.memoryMiB")["minimum"]=256
at("dispatcher.notifications.format")["enum"]=["png16","tiff16","jpeg","dng"]
at("dispatcher.service.type")["enum"]=["ClusterIP","NodePort","LoadBalancer"]
at("dispatcher.service.port").update(minimum=1,maximum=65535)
for k in ["replicationFactor","jobsPartitions","otherPartitions"]: at("topics."+k)["minimum"]=1
at("modelSets.defaultSetPath")["pattern"]="^/"
at("minioNotifications.queueDir")["pattern"]="^/"
at("networkPolicy.egressCIDRs")["items"]={"type":"string"}
for k in ["kafkaPorts","s3Ports"]: at("networkPolicy."+k)["items"]={"type":"integer","minimum":1,"maximum":65535}
at("images.pullPolicy")["enum"]=["Always","IfNotPresent","Never"]
at("autoscaling.keda.environmentHold.prometheusServerAddress")["pattern"]="^https?://"
open('values.schema.json','w').write(json.dumps(s,indent=2)+"\n")
missing=[]
def walk(v,path):
    for k,x in v.items():
        p=path+[k]
        if '.'.join(p) not in desc: missing.append('.'.join(p))
        if isinstance(x,dict) and x and p[-1] not in ("probes",): walk(x,p)
walk(values,[])
print("undocumented:",missing)
