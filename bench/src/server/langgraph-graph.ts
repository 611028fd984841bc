import { Annotation, END, START, StateGraph } from "@langchain/langgraph";

const State = Annotation.Root({ n: Annotation<number> });

/** The benchmark's 3-step workload as a LangGraph graph: three trivial nodes in a row, as `threeStepFlow` is. */
export const graph = new StateGraph(State)
  .addNode("one", (s) => ({ n: s.n + 1 }))
  .addNode("two", (s) => ({ n: s.n + 1 }))
  .addNode("three", (s) => ({ n: s.n + 1 }))
  .addEdge(START, "one")
  .addEdge("one", "two")
  .addEdge("two", "three")
  .addEdge("three", END)
  .compile();
