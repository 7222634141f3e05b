/** The cluster most fault tests start from: a group "web" of m5.large hosts over three zones. */
export const threeZoneCluster = (name: string, duration: string, hosts: number) => `
name: ${name}
duration: ${duration}
cluster:
  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
  containerInstances:
    - { name: web, instanceType: m5.large, count: ${hosts} }`;
