import { join } from 'node:path';
import { Expiring } from './expiring.js';
import { listDir, readNumber, readValue } from './read-file.js';
import type { TemperatureReading } from './snapshot.js';
import { round1 } from './units.js';

interface Sensor {
  sensor: string;
  label: string;
  inputPath: string;
  high: number | null;
  critical: number | null;
}

/** Sensors appear with drivers being loaded; look for new ones at most once a minute. */
const DISCOVERY_TTL_MS = 60_000;

const byNumber = (prefix: string) => (a: string, b: string) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length));
const celsius = (milli: number | null) => (milli === null ? null : round1(milli / 1000));

async function hwmonSensors(sysRoot: string): Promise<Sensor[]> {
  const base = join(sysRoot, 'class/hwmon');
  const chips = (await listDir(base)).filter((name) => /^hwmon\d+$/.test(name)).sort(byNumber('hwmon'));
  const perChip = await Promise.all(
    chips.map(async (chip) => {
      // Older drivers keep the attributes in the `device` subdirectory.
      let dir = join(base, chip);
      let inputs = (await listDir(dir)).filter((file) => /^temp\d+_input$/.test(file));
      if (inputs.length === 0) {
        dir = join(base, chip, 'device');
        inputs = (await listDir(dir)).filter((file) => /^temp\d+_input$/.test(file));
      }
      const name = (await readValue(join(dir, 'name'))) ?? (await readValue(join(base, chip, 'name'))) ?? chip;
      const sorted = inputs.map((file) => file.slice(0, -'_input'.length)).sort(byNumber('temp'));
      return Promise.all(
        sorted.map(async (temp): Promise<Sensor> => ({
          sensor: name,
          label: (await readValue(join(dir, `${temp}_label`))) || temp,
          inputPath: join(dir, `${temp}_input`),
          high: celsius(await readNumber(join(dir, `${temp}_max`))),
          critical: celsius(await readNumber(join(dir, `${temp}_crit`))),
        })),
      );
    }),
  );
  return perChip.flat();
}

async function thermalZones(sysRoot: string): Promise<Sensor[]> {
  const base = join(sysRoot, 'class/thermal');
  const zones = (await listDir(base)).filter((name) => /^thermal_zone\d+$/.test(name)).sort(byNumber('thermal_zone'));
  return Promise.all(
    zones.map(async (zone): Promise<Sensor> => {
      const dir = join(base, zone);
      const trips = (await listDir(dir)).filter((file) => /^trip_point_\d+_type$/.test(file));
      const tripTypes = await Promise.all(trips.map(async (file) => [file, await readValue(join(dir, file))] as const));
      const tripTemp = async (type: string) => {
        const trip = tripTypes.find(([, value]) => value === type);
        return trip ? celsius(await readNumber(join(dir, trip[0].replace('_type', '_temp')))) : null;
      };
      return {
        sensor: (await readValue(join(dir, 'type'))) ?? zone,
        label: zone,
        inputPath: join(dir, 'temp'),
        high: await tripTemp('hot'),
        critical: await tripTemp('critical'),
      };
    }),
  );
}

/** hwmon temperatures, else thermal zones, else none (metrics.md §3.8). */
export class TemperatureReader {
  private readonly sensors = new Expiring<Promise<Sensor[]>>(DISCOVERY_TTL_MS);

  constructor(
    private readonly sysRoot: string,
    private readonly clock: () => number,
  ) {}

  async read(): Promise<TemperatureReading[]> {
    const sensors = await this.sensors.get(this.clock(), async () => {
      const hwmon = await hwmonSensors(this.sysRoot);
      return hwmon.length > 0 ? hwmon : thermalZones(this.sysRoot);
    });
    const values = await Promise.all(sensors.map((sensor) => readNumber(sensor.inputPath)));
    return sensors.flatMap((sensor, i) => {
      const current = celsius(values[i]);
      // A sensor that cannot be read right now (asleep disk, driver error) is left out of this sample.
      return current === null
        ? []
        : [{ sensor: sensor.sensor, label: sensor.label, current_celsius: current, high_celsius: sensor.high, critical_celsius: sensor.critical }];
    });
  }
}
