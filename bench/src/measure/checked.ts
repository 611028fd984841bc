/** Fails loudly when a workload's result is wrong, so a broken engine cannot post a fast time. */
export function checked(engine: string, workload: string, want: number): (got: number) => void {
  return (got) => {
    if (got !== want) throw new Error(`${engine} ${workload}: result ${got}, expected ${want} — the workload did not do its work`);
  };
}
