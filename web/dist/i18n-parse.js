import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-FIBOTWAO.js";
import "./chunk-ZMXQ44OY.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
